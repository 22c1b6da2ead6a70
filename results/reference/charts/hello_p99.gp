# HTTP GET /: 99th-percentile latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" hello_p99.gp > hello_p99.svg
$p0s0 << EOD
1 0.038127 0.038127 0.038127
100 4.87219 4.87219 4.87219
1000 11.2435 11.2435 11.2435
10000 15.4706 15.4706 15.4706
EOD
$p0s1 << EOD
1 0.067999 0.067999 0.067999
100 3.28192 3.28192 3.28192
1000 17.6701 17.6701 17.6701
10000 25.8785 25.8785 25.8785
EOD
$p0s2 << EOD
1 0.054799 0.054799 0.054799
100 5.55213 5.55213 5.55213
1000 17.6865 17.6865 17.6865
10000 196.018 196.018 196.018
EOD
$p0s3 << EOD
1 0.055215 0.055215 0.055215
100 1.23648 1.23648 1.23648
1000 12.7754 12.7754 12.7754
EOD
$p0s4 << EOD
1 0.062511 0.062511 0.062511
100 1.18426 1.18426 1.18426
1000 11.35 11.35 11.35
10000 253.297 253.297 253.297
EOD
$p0s5 << EOD
1 0.059951 0.059951 0.059951
100 1.25286 1.25286 1.25286
1000 17.6538 17.6538 17.6538
10000 201.261 201.261 201.261
EOD
$p0s6 << EOD
1 0.048911 0.048911 0.048911
100 1.23238 1.23238 1.23238
1000 9.10541 9.10541 9.10541
10000 200.868 200.868 200.868
EOD
$p0s7 << EOD
1 0.042735 0.042735 0.042735
100 1.216 1.216 1.216
1000 14.2746 14.2746 14.2746
10000 271.45 271.45 271.45
EOD
$p0s8 << EOD
1 0.043727 0.043727 0.043727
100 1.73107 1.73107 1.73107
1000 13.6929 13.6929 13.6929
10000 235.34 235.34 235.34
EOD
$p0s9 << EOD
1 0.040207 0.040207 0.040207
100 6.32627 6.32627 6.32627
1000 9.20371 9.20371 9.20371
10000 564.92 564.92 564.92
EOD
$p0s10 << EOD
1 0.037679 0.037679 0.037679
100 0.830719 0.830719 0.830719
1000 10.3834 10.3834 10.3834
10000 199.819 199.819 199.819
EOD
$p0s11 << EOD
1 0.126559 0.126559 0.126559
100 1.1392 1.1392 1.1392
1000 11.3091 11.3091 11.3091
10000 112.951 112.951 112.951
EOD
$p0r0 << EOD
10000 0.0188395
EOD
$p0l << EOD
100 1.23648
1000 12.7754
100 1.18426
1000 11.35
100 1.25286
100 1.23238
1000 9.10541
100 1.216
1000 14.2746
100 1.73107
1000 13.6929
1000 9.20371
100 0.830719
1000 10.3834
100 1.1392
1000 11.3091
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
set yrange [0.0125597:1.42757e+08]
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
