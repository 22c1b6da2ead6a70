# HTTP GET /: 99th-percentile latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" hello_p99.gp > hello_p99.svg
$p0s0 << EOD
1 0.104031 0.104031 0.104031
100 4.73702 4.73702 4.73702
EOD
$p0s1 << EOD
1 0.092319 0.092319 0.092319
100 2.35213 2.35213 2.35213
EOD
$p0s2 << EOD
1 0.310143 0.310143 0.310143
100 0.822015 0.822015 0.822015
1000 9.4249 9.4249 9.4249
10000 110.854 110.854 110.854
EOD
$p0s3 << EOD
1 0.121887 0.121887 0.121887
100 0.702719 0.702719 0.702719
1000 5.5808 5.5808 5.5808
EOD
$p0s4 << EOD
1 0.134591 0.134591 0.134591
100 1.25286 1.25286 1.25286
1000 5.93715 5.93715 5.93715
10000 130.515 130.515 130.515
EOD
$p0s5 << EOD
1 0.094047 0.094047 0.094047
100 0.681727 0.681727 0.681727
1000 5.51526 5.51526 5.51526
10000 149.094 149.094 149.094
EOD
$p0s6 << EOD
1 0.098015 0.098015 0.098015
100 0.749311 0.749311 0.749311
1000 5.46202 5.46202 5.46202
10000 165.741 165.741 165.741
EOD
$p0s7 << EOD
1 0.096479 0.096479 0.096479
100 0.697599 0.697599 0.697599
1000 9.10541 9.10541 9.10541
10000 151.454 151.454 151.454
EOD
$p0s8 << EOD
1 0.093215 0.093215 0.093215
100 0.672511 0.672511 0.672511
1000 5.52345 5.52345 5.52345
10000 164.692 164.692 164.692
EOD
$p0s9 << EOD
1 0.093215 0.093215 0.093215
100 0.726783 0.726783 0.726783
1000 7.23558 7.23558 7.23558
10000 144.114 144.114 144.114
EOD
$p0s10 << EOD
1 0.097759 0.097759 0.097759
100 0.731391 0.731391 0.731391
1000 5.05651 5.05651 5.05651
10000 75.989 75.989 75.989
EOD
$p0s11 << EOD
1 0.117919 0.117919 0.117919
100 0.705791 0.705791 0.705791
1000 6.06003 6.06003 6.06003
10000 145.424 145.424 145.424
EOD
$p0r0 << EOD
10000 0.0461595
EOD
$p0l << EOD
100 0.702719
100 0.681727
100 0.749311
100 0.697599
100 0.672511
100 0.726783
100 0.731391
1000 5.05651
10000 75.989
100 0.705791
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: 99th-percentile latency vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [0.030773:3.56284e+06]
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
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
