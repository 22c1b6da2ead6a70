# HTTP GET /: throughput vs concurrent connections (closed loop)
# Redraw: gnuplot -e "set terminal svg" hello_throughput.gp > hello_throughput.svg
$p0s0 << EOD
1 8738.69 8304.1 9173.28
10 93251.4 88321.6 98181.2
100 97093.8 93169.5 101018
1000 60139.4 52341.3 67937.5
10000 38749.7 31551.8 45947.5
EOD
$p0s1 << EOD
1 8400.84 8106.55 8695.13
10 89577.7 79444.9 99710.5
100 96556.4 86264.9 106848
1000 93642.1 91842.4 95441.8
10000 71186.4 69925.7 72447
EOD
$p0s2 << EOD
1 8258.07 7843.26 8672.87
10 182374 175700 189047
100 176973 167821 186125
1000 154789 137439 172139
EOD
$p0s3 << EOD
1 8834.99 8785.78 8884.2
10 144118 125165 163071
100 170352 162406 178297
1000 167970 163479 172462
10000 92440.7 90058 94823.4
EOD
$p0s4 << EOD
1 8567.49 8207.6 8927.38
10 156848 147795 165901
100 152134 125832 178437
1000 152651 142479 162823
10000 89542.5 89261.1 89823.8
EOD
$p0s5 << EOD
1 8777.5 8514.75 9040.25
10 225252 189441 261063
100 153384 125684 181085
1000 135790 117312 154268
10000 80038.1 74760.7 85315.5
EOD
$p0r0 << EOD
10000 3921.63
EOD
$p0l << EOD
1000 154789
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: throughput vs concurrent connections (closed loop)"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [0.625:16000]
set yrange [2614.42:2.59243e+06]
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
