# HTTP GET /: 99th-percentile latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" hello_p99.gp > hello_p99.svg
$p0s0 << EOD
1 0.037023 0.035951 0.038095
10 0.238079 0.230975 0.245183
100 3.06278 2.90918 3.21638
1000 18.219 17.8504 18.5876
10000 99.8115 95.06 104.563
EOD
$p0s1 << EOD
1 0.047999 0.046639 0.049359
10 0.203647 0.197823 0.209471
100 2.01497 1.92358 2.10637
1000 22.1922 17.408 26.9763
10000 165.937 161.808 170.066
EOD
$p0s2 << EOD
1 0.036191 0.035759 0.036623
10 0.120735 0.115423 0.126047
100 1.20524 1.16582 1.24467
1000 13.312 12.8737 13.7503
EOD
$p0s3 << EOD
1 0.035711 0.035535 0.035887
10 0.105823 0.105247 0.106399
100 1.26464 1.26413 1.26515
1000 15.0835 12.2348 17.9323
10000 200.999 199.557 202.441
EOD
$p0s4 << EOD
1 0.035231 0.034991 0.035471
10 0.129679 0.110687 0.148671
100 1.38803 1.33478 1.44128
1000 19.3843 12.759 26.0096
10000 192.987 116.621 269.353
EOD
$p0s5 << EOD
1 0.035279 0.035119 0.035439
10 0.113151 0.111967 0.114335
100 1.31277 1.22214 1.40339
1000 18.5078 13.9059 23.1096
10000 204.734 189.334 220.135
EOD
$p0r0 << EOD
10000 0.0174955
EOD
$p0l << EOD
10 0.120735
100 1.20524
1000 13.312
10 0.105823
100 1.26464
1000 15.0835
10 0.129679
100 1.38803
1000 19.3843
10 0.113151
100 1.31277
1000 18.5078
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
set yrange [0.0116637:40375.7]
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
