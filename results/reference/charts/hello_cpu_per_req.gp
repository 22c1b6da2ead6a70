# HTTP GET /: server CPU time per request vs connections
# Redraw: gnuplot -e "set terminal svg" hello_cpu_per_req.gp > hello_cpu_per_req.svg
$p0s0 << EOD
1 35.8777 34.3915 37.3638
10 8.97039 8.45252 9.48827
100 9.50163 9.09239 9.91086
1000 16.5911 14.4416 18.7407
10000 25.9836 21.3115 30.6557
EOD
$p0s1 << EOD
1 45.8534 43.4024 48.3045
10 9.73237 8.62064 10.8441
100 9.62243 8.66916 10.5757
1000 10.2269 9.86719 10.5866
10000 13.8083 13.5426 14.074
EOD
$p0s2 << EOD
1 40.6728 39.1701 42.1754
10 4.62827 4.4521 4.80444
100 5.13511 4.98155 5.28867
1000 6.35519 5.58953 7.12085
EOD
$p0s3 << EOD
1 38.6333 38.3202 38.9463
10 4.56096 4.4998 4.62213
100 5.24649 5.01889 5.47409
1000 5.74334 5.49786 5.98882
10000 9.87407 9.65725 10.0909
EOD
$p0s4 << EOD
1 41.4706 37.5938 45.3475
10 4.82092 4.39322 5.24861
100 5.92337 4.69664 7.1501
1000 6.2104 5.74619 6.6746
10000 10.3318 10.3129 10.3508
EOD
$p0s5 << EOD
1 42.3072 40.2457 44.3686
10 3.87978 3.36067 4.39889
100 6.07144 4.83275 7.31012
1000 7.04835 6.09214 8.00457
10000 10.7817 10.6749 10.8885
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
1000 6.35519
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
set yrange [0:72.3909]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
