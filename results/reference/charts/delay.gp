# GET /delay?ms=10: waiting requests, prediction beside measurement
# Redraw: gnuplot -e "set terminal svg" delay.gp > delay.svg
$p0s0 << EOD
10 920.777 916.607 924.947
100 9440.08 9411.9 9468.27
1000 27915.3 27137.4 28693.2
EOD
$p0s1 << EOD
10 919.931 916.603 923.259
100 1538.26 1533.25 1543.27
1000 1539.76 1532.92 1546.61
EOD
$p0s2 << EOD
10 847.022 841.588 852.455
100 8308.26 8273.6 8342.92
1000 71326.9 70667 71986.8
EOD
$p0s3 << EOD
10 834.063 824.825 843.302
100 8100.19 8094.28 8106.11
1000 72360.4 71138.5 73582.4
EOD
$p0s4 << EOD
10 907.86 907.44 908.279
100 8825.12 8817.84 8832.4
1000 77032.2 75676.5 78387.9
EOD
$p0s5 << EOD
10 899.942 891.611 908.274
100 8387.5 8333.76 8441.24
1000 56286.5 54566.5 58006.5
EOD
$p1s0 << EOD
10 14.8766 14.7169 15.0364
100 12.9885 12.841 13.1359
1000 92.7007 87.5889 97.8125
EOD
$p1s1 << EOD
10 13.5086 13.013 14.0042
100 74.4161 74.0884 74.7438
1000 679.74 679.215 680.264
EOD
$p1s2 << EOD
10 14.4179 13.6028 15.233
100 15.8085 14.5203 17.0967
1000 20.1932 20.1277 20.2588
EOD
$p1s3 << EOD
10 17.0004 14.5613 19.4396
100 16.3697 15.5771 17.1622
1000 22.7492 21.5204 23.978
EOD
$p1s4 << EOD
10 15.6385 15.0282 16.2488
100 14.6022 13.6438 15.5607
1000 17.2667 16.2734 18.26
EOD
$p1s5 << EOD
10 16.5048 15.6344 17.3752
100 16.4127 16.1423 16.683
1000 26.1079 25.5345 26.6813
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "GET /delay?ms=10: waiting requests, prediction beside measurement" font ',13'
set title "throughput"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [6.25:1600]
set yrange [274.942:1.31343e+06]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     x/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "every connection busy: connections / 10 ms", \
     1600 with lines lc rgb "#ff7f0e" dt 4 lw 1.5 title "thread-pool prediction: 16 workers / 10 ms = 1600 req/s"
set title "p99 latency"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [6.25:1600]
set yrange [4.28033:4211.69]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev"
unset multiplot
