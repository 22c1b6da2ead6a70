# Server push: 10 broadcasts/s, each delivered to every subscriber
# Redraw: gnuplot -e "set terminal svg" push.gp > push.svg
$p0s0 << EOD
1000 29.6632 29.6632 29.6632
5000 1230.5 1230.5 1230.5
EOD
$p0s1 << EOD
1000 20.7831 20.7831 20.7831
5000 172.425 172.425 172.425
EOD
$p0s2 << EOD
1000 18.6532 18.6532 18.6532
5000 90.2758 90.2758 90.2758
EOD
$p0s3 << EOD
1000 10.7848 10.7848 10.7848
EOD
$p0s4 << EOD
1000 10.7602 10.7602 10.7602
5000 51.5604 51.5604 51.5604
EOD
$p0s5 << EOD
1000 12.5379 12.5379 12.5379
5000 63.5535 63.5535 63.5535
EOD
$p0s6 << EOD
1000 12.2184 12.2184 12.2184
5000 62.1117 62.1117 62.1117
EOD
$p0s7 << EOD
1000 11.3992 11.3992 11.3992
5000 56.5412 56.5412 56.5412
EOD
$p0s8 << EOD
1000 11.5794 11.5794 11.5794
5000 63.7501 63.7501 63.7501
EOD
$p0s9 << EOD
1000 12.4477 12.4477 12.4477
5000 52.3141 52.3141 52.3141
EOD
$p0s10 << EOD
1000 9.34298 9.34298 9.34298
5000 48.0543 48.0543 48.0543
EOD
$p0s11 << EOD
1000 17.0803 17.0803 17.0803
5000 56.2135 56.2135 56.2135
EOD
$p0r0 << EOD
5000 4.67149
EOD
$p1s0 << EOD
1000 19.0043 19.0043 19.0043
5000 19.9607 19.9607 19.9607
EOD
$p1s1 << EOD
1000 21.0676 21.0676 21.0676
5000 19.157 19.157 19.157
EOD
$p1s2 << EOD
1000 16.5527 16.5527 16.5527
5000 16.7131 16.7131 16.7131
EOD
$p1s3 << EOD
1000 9.99561 9.99561 9.99561
EOD
$p1s4 << EOD
1000 9.91884 9.91884 9.91884
5000 9.34492 9.34492 9.34492
EOD
$p1s5 << EOD
1000 11.1713 11.1713 11.1713
5000 11.3096 11.3096 11.3096
EOD
$p1s6 << EOD
1000 11.0874 11.0874 11.0874
5000 11.2491 11.2491 11.2491
EOD
$p1s7 << EOD
1000 10.9369 10.9369 10.9369
5000 10.8247 10.8247 10.8247
EOD
$p1s8 << EOD
1000 11.243 11.243 11.243
5000 11.563 11.563 11.563
EOD
$p1s9 << EOD
1000 10.8684 10.8684 10.8684
5000 10.0432 10.0432 10.0432
EOD
$p1s10 << EOD
1000 6.98541 6.98541 6.98541
5000 8.33773 8.33773 8.33773
EOD
$p1s11 << EOD
1000 10.7428 10.7428 10.7428
5000 9.81876 9.81876 9.81876
EOD
$p1r0 << EOD
5000 0
EOD
$p2s0 << EOD
1000 70.2764 70.2764 70.2764
5000 388.986 388.986 388.986
EOD
$p2s1 << EOD
1000 23.2773 23.2773 23.2773
5000 108.348 108.348 108.348
EOD
$p2s2 << EOD
1000 14.7461 14.7461 14.7461
5000 64.793 64.793 64.793
EOD
$p2s3 << EOD
1000 14.3945 14.3945 14.3945
EOD
$p2s4 << EOD
1000 14.4844 14.4844 14.4844
5000 64.4375 64.4375 64.4375
EOD
$p2s5 << EOD
1000 14.3945 14.3945 14.3945
5000 64.4648 64.4648 64.4648
EOD
$p2s6 << EOD
1000 14.5469 14.5469 14.5469
5000 64.4375 64.4375 64.4375
EOD
$p2s7 << EOD
1000 14.7109 14.7109 14.7109
5000 65.293 65.293 65.293
EOD
$p2s8 << EOD
1000 15.2188 15.2188 15.2188
5000 66.3828 66.3828 66.3828
EOD
$p2s9 << EOD
1000 15.3945 15.3945 15.3945
5000 68.1406 68.1406 68.1406
EOD
$p2s10 << EOD
1000 15.9961 15.9961 15.9961
5000 66.4062 66.4062 66.4062
EOD
$p2s11 << EOD
1000 18.5039 18.5039 18.5039
5000 84.6289 84.6289 84.6289
EOD
$p2r0 << EOD
5000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,3 title "Server push: 10 broadcasts/s, each delivered to every subscriber" font ',13'
set title "delivery latency, send to receipt: p99"
set xlabel "subscribers"
set ylabel "delivery p99 (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [800:5200]
set yrange [3.11433:334899]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "server CPU per delivered message"
set xlabel "subscribers"
set ylabel "server CPU per delivery (µs)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [800:5200]
set yrange [0:40.8218]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "server memory (user space)"
set xlabel "subscribers"
set ylabel "server RSS (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [800:5200]
set yrange [0:753.722]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p2r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot
