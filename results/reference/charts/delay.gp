# GET /delay?ms=10: waiting requests, prediction beside measurement
# Redraw: gnuplot -e "set terminal svg" delay.gp > delay.svg
$p0s0 << EOD
100 9765.82 9765.82 9765.82
1000 38614.4 38614.4 38614.4
EOD
$p0s1 << EOD
100 9755.73 9755.73 9755.73
1000 43820.7 43820.7 43820.7
EOD
$p0s2 << EOD
100 1583.96 1583.96 1583.96
1000 1583.96 1583.96 1583.96
EOD
$p0s3 << EOD
100 8670.78 8670.78 8670.78
1000 78473.7 78473.7 78473.7
EOD
$p0s4 << EOD
100 8779.8 8779.8 8779.8
1000 77451.5 77451.5 77451.5
EOD
$p0s5 << EOD
100 8623.83 8623.83 8623.83
1000 77024.9 77024.9 77024.9
EOD
$p0s6 << EOD
100 8649.83 8649.83 8649.83
1000 78410.6 78410.6 78410.6
EOD
$p0s7 << EOD
100 9099.67 9099.67 9099.67
1000 57545.7 57545.7 57545.7
EOD
$p0s8 << EOD
100 9928.88 9928.88 9928.88
1000 91873.7 91873.7 91873.7
EOD
$p0s9 << EOD
100 8647.76 8647.76 8647.76
1000 78710.1 78710.1 78710.1
EOD
$p0s10 << EOD
100 9755.87 9755.87 9755.87
1000 91776 91776 91776
EOD
$p0s11 << EOD
100 8699.87 8699.87 8699.87
1000 76561.4 76561.4 76561.4
EOD
$p1s0 << EOD
100 12.3904 12.3904 12.3904
1000 30.6299 30.6299 30.6299
EOD
$p1s1 << EOD
100 11.0469 11.0469 11.0469
1000 28.1068 28.1068 28.1068
EOD
$p1s2 << EOD
100 70.4184 70.4184 70.4184
1000 646.185 646.185 646.185
EOD
$p1s3 << EOD
100 12.8082 12.8082 12.8082
1000 15.1101 15.1101 15.1101
EOD
$p1s4 << EOD
100 12.5379 12.5379 12.5379
1000 16.0195 16.0195 16.0195
EOD
$p1s5 << EOD
100 13.2096 13.2096 13.2096
1000 15.1757 15.1757 15.1757
EOD
$p1s6 << EOD
100 12.7345 12.7345 12.7345
1000 14.9135 14.9135 14.9135
EOD
$p1s7 << EOD
100 11.8333 11.8333 11.8333
1000 22.356 22.356 22.356
EOD
$p1s8 << EOD
100 10.154 10.154 10.154
1000 14.1435 14.1435 14.1435
EOD
$p1s9 << EOD
100 12.5215 12.5215 12.5215
1000 14.7415 14.7415 14.7415
EOD
$p1s10 << EOD
100 10.5062 10.5062 10.5062
1000 11.9071 11.9071 11.9071
EOD
$p1s11 << EOD
100 12.5051 12.5051 12.5051
1000 15.3231 15.3231 15.3231
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
set yrange [527.987:3.67042e+07]
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
set yrange [3.38467:66929.9]
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
