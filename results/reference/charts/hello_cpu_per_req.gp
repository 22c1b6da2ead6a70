# HTTP GET /: server CPU time per request vs connections
# Redraw: gnuplot -e "set terminal svg" hello_cpu_per_req.gp > hello_cpu_per_req.svg
$p0s0 << EOD
1 12.7099 12.7099 12.7099
100 -0.449786 -0.449786 -0.449786
1000 14.5617 14.5617 14.5617
10000 15.7229 15.7229 15.7229
EOD
$p0s1 << EOD
1 12.884 12.884 12.884
100 11.341 11.341 11.341
1000 15.4325 15.4325 15.4325
10000 15.9386 15.9386 15.9386
EOD
$p0s2 << EOD
1 27.848 27.848 27.848
100 13.8532 13.8532 13.8532
1000 15.5091 15.5091 15.5091
10000 13.8745 13.8745 13.8745
EOD
$p0s3 << EOD
1 23.0408 23.0408 23.0408
100 6.76882 6.76882 6.76882
1000 7.2207 7.2207 7.2207
EOD
$p0s4 << EOD
1 20.2532 20.2532 20.2532
100 6.34427 6.34427 6.34427
1000 7.36763 7.36763 7.36763
10000 9.2117 9.2117 9.2117
EOD
$p0s5 << EOD
1 18.3489 18.3489 18.3489
100 6.81702 6.81702 6.81702
1000 7.6311 7.6311 7.6311
10000 9.57261 9.57261 9.57261
EOD
$p0s6 << EOD
1 13.0725 13.0725 13.0725
100 6.5437 6.5437 6.5437
1000 7.33331 7.33331 7.33331
10000 9.77049 9.77049 9.77049
EOD
$p0s7 << EOD
1 13.1893 13.1893 13.1893
100 6.80052 6.80052 6.80052
1000 7.34801 7.34801 7.34801
10000 8.84369 8.84369 8.84369
EOD
$p0s8 << EOD
1 13.6888 13.6888 13.6888
100 6.50961 6.50961 6.50961
1000 7.51673 7.51673 7.51673
10000 9.52815 9.52815 9.52815
EOD
$p0s9 << EOD
1 13.3808 13.3808 13.3808
100 7.07432 7.07432 7.07432
1000 7.68776 7.68776 7.68776
10000 10.4028 10.4028 10.4028
EOD
$p0s10 << EOD
1 12.6426 12.6426 12.6426
100 6.2474 6.2474 6.2474
1000 6.94526 6.94526 6.94526
10000 7.59201 7.59201 7.59201
EOD
$p0s11 << EOD
1 13.7749 13.7749 13.7749
100 6.50977 6.50977 6.50977
1000 8.06259 8.06259 8.06259
10000 10.5018 10.5018 10.5018
EOD
$p0r0 << EOD
10000 -0.449786
EOD
$p0l << EOD
100 6.76882
1000 7.2207
100 6.34427
1000 7.36763
100 6.81702
100 6.5437
1000 7.33331
100 6.80052
1000 7.34801
100 6.50961
1000 7.51673
1000 7.68776
100 6.2474
1000 6.94526
100 6.50977
1000 8.06259
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: server CPU time per request vs connections"
set xlabel "concurrent connections (log scale)"
set ylabel "server CPU per request (µs, user+system)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [-0.449786:60.7046]
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
