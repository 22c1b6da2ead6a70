# GET /delay?ms=10: waiting requests, prediction beside measurement
# Redraw: gnuplot -e "set terminal svg" delay.gp > delay.svg
$p0s0 << EOD
100 9670.68 9670.68 9670.68
EOD
$p0s1 << EOD
100 9767.53 9767.53 9767.53
EOD
$p0s2 << EOD
100 1583.95 1583.95 1583.95
1000 1567.91 1567.91 1567.91
EOD
$p0s3 << EOD
100 8746.89 8746.89 8746.89
1000 80535.1 80535.1 80535.1
EOD
$p0s4 << EOD
100 8845.62 8845.62 8845.62
1000 80140.5 80140.5 80140.5
EOD
$p0s5 << EOD
100 8724.92 8724.92 8724.92
1000 81653.2 81653.2 81653.2
EOD
$p0s6 << EOD
100 8699.65 8699.65 8699.65
1000 81048.9 81048.9 81048.9
EOD
$p0s7 << EOD
100 9214.63 9214.63 9214.63
1000 75173.4 75173.4 75173.4
EOD
$p0s8 << EOD
100 9850.68 9850.68 9850.68
1000 97890.1 97890.1 97890.1
EOD
$p0s9 << EOD
100 8807.7 8807.7 8807.7
1000 79955.4 79955.4 79955.4
EOD
$p0s10 << EOD
100 9745.44 9745.44 9745.44
1000 91994.5 91994.5 91994.5
EOD
$p0s11 << EOD
100 8599.7 8599.7 8599.7
1000 81136.2 81136.2 81136.2
EOD
$p1s0 << EOD
100 13.0785 13.0785 13.0785
EOD
$p1s1 << EOD
100 10.9158 10.9158 10.9158
EOD
$p1s2 << EOD
100 71.0083 71.0083 71.0083
1000 649.331 649.331 649.331
EOD
$p1s3 << EOD
100 12.3576 12.3576 12.3576
1000 14.8316 14.8316 14.8316
EOD
$p1s4 << EOD
100 12.2593 12.2593 12.2593
1000 16.6748 16.6748 16.6748
EOD
$p1s5 << EOD
100 12.1774 12.1774 12.1774
1000 14.078 14.078 14.078
EOD
$p1s6 << EOD
100 13.013 13.013 13.013
1000 14.5449 14.5449 14.5449
EOD
$p1s7 << EOD
100 11.2845 11.2845 11.2845
1000 17.408 17.408 17.408
EOD
$p1s8 << EOD
100 10.2687 10.2687 10.2687
1000 11.0879 11.0879 11.0879
EOD
$p1s9 << EOD
100 12.2266 12.2266 12.2266
1000 14.1517 14.1517 14.1517
EOD
$p1s10 << EOD
100 10.7438 10.7438 10.7438
1000 14.3892 14.3892 14.3892
EOD
$p1s11 << EOD
100 12.6198 12.6198 12.6198
1000 14.1189 14.1189 14.1189
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "GET /delay?ms=10: waiting requests, prediction beside measurement" font ',13'
set title "throughput"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%.0s%c'
set xrange [55:1045]
set yrange [522.637:4.25975e+07]
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
     x/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "every connection busy: connections / 10 ms", \
     1600 with lines lc rgb "#6baed6" dt 4 lw 1.5 title "thread-pool prediction: 16 workers / 10 ms = 1600 req/s"
set title "p99 latency"
set xlabel "concurrent connections"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [55:1045]
set yrange [3.4229:66878]
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
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines"
unset multiplot
