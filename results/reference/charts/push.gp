# Server push: 10 broadcasts/s, each delivered to every subscriber
# Redraw: gnuplot -e "set terminal svg" push.gp > push.svg
$p0s0 << EOD
1000 30.761 30.761 30.761
5000 1167.59 1167.59 1167.59
EOD
$p0s1 << EOD
1000 18.1453 18.1453 18.1453
5000 92.7662 92.7662 92.7662
EOD
$p0s2 << EOD
1000 11.7514 11.7514 11.7514
5000 61.653 61.653 61.653
EOD
$p0s3 << EOD
1000 8.31693 8.31693 8.31693
EOD
$p0s4 << EOD
1000 8.04659 8.04659 8.04659
5000 36.9459 36.9459 36.9459
EOD
$p0s5 << EOD
1000 10.5144 10.5144 10.5144
5000 46.7108 46.7108 46.7108
EOD
$p0s6 << EOD
1000 9.60512 9.60512 9.60512
5000 47.2678 47.2678 47.2678
EOD
$p0s7 << EOD
1000 8.41728 8.41728 8.41728
5000 39.7312 39.7312 39.7312
EOD
$p0s8 << EOD
1000 9.1136 9.1136 9.1136
5000 45.1379 45.1379 45.1379
EOD
$p0s9 << EOD
1000 9.19552 9.19552 9.19552
5000 43.2701 43.2701 43.2701
EOD
$p0s10 << EOD
1000 9.44128 9.44128 9.44128
5000 36.6182 36.6182 36.6182
EOD
$p0s11 << EOD
1000 9.13817 9.13817 9.13817
5000 37.7651 37.7651 37.7651
EOD
$p0r0 << EOD
5000 4.0233
EOD
$p1s0 << EOD
1000 30.5401 30.5401 30.5401
5000 25.6571 25.6571 25.6571
EOD
$p1s1 << EOD
1000 18.0434 18.0434 18.0434
5000 17.5975 17.5975 17.5975
EOD
$p1s2 << EOD
1000 10.9463 10.9463 10.9463
5000 11.1335 11.1335 11.1335
EOD
$p1s3 << EOD
1000 7.80526 7.80526 7.80526
EOD
$p1s4 << EOD
1000 7.78259 7.78259 7.78259
5000 7.66305 7.66305 7.66305
EOD
$p1s5 << EOD
1000 9.50462 9.50462 9.50462
5000 9.12623 9.12623 9.12623
EOD
$p1s6 << EOD
1000 8.86275 8.86275 8.86275
5000 9.28146 9.28146 9.28146
EOD
$p1s7 << EOD
1000 8.27991 8.27991 8.27991
5000 8.82142 8.82142 8.82142
EOD
$p1s8 << EOD
1000 9.54732 9.54732 9.54732
5000 8.79905 8.79905 8.79905
EOD
$p1s9 << EOD
1000 9.51142 9.51142 9.51142
5000 8.41612 8.41612 8.41612
EOD
$p1s10 << EOD
1000 8.59979 8.59979 8.59979
5000 6.36909 6.36909 6.36909
EOD
$p1s11 << EOD
1000 8.18113 8.18113 8.18113
5000 7.23077 7.23077 7.23077
EOD
$p1r0 << EOD
5000 0
EOD
$p2s0 << EOD
1000 226.984 226.984 226.984
5000 1186.94 1186.94 1186.94
EOD
$p2s1 << EOD
1000 53.1055 53.1055 53.1055
5000 260.109 260.109 260.109
EOD
$p2s2 << EOD
1000 18.9141 18.9141 18.9141
5000 85.8359 85.8359 85.8359
EOD
$p2s3 << EOD
1000 18.4688 18.4688 18.4688
EOD
$p2s4 << EOD
1000 18.7812 18.7812 18.7812
5000 84.1758 84.1758 84.1758
EOD
$p2s5 << EOD
1000 18.6172 18.6172 18.6172
5000 85.1875 85.1875 85.1875
EOD
$p2s6 << EOD
1000 18.1562 18.1562 18.1562
5000 85.082 85.082 85.082
EOD
$p2s7 << EOD
1000 18.2148 18.2148 18.2148
5000 85.918 85.918 85.918
EOD
$p2s8 << EOD
1000 18.5547 18.5547 18.5547
5000 86.7969 86.7969 86.7969
EOD
$p2s9 << EOD
1000 18.8203 18.8203 18.8203
5000 88.5977 88.5977 88.5977
EOD
$p2s10 << EOD
1000 20.7656 20.7656 20.7656
5000 89.2578 89.2578 89.2578
EOD
$p2s11 << EOD
1000 23.3516 23.3516 23.3516
5000 108.785 108.785 108.785
EOD
$p2r0 << EOD
5000 9.07812
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
set yrange [2.6822:348002]
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
set yrange [0:59.1763]
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
set title "server memory (cgroup-v1)"
set xlabel "subscribers"
set ylabel "charged to the server, user + kernel (MiB, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [800:5200]
set yrange [6.05208:167506]
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
