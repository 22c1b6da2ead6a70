# GET /delay?ms=10: waiting requests, prediction beside measurement
# Redraw: gnuplot -e "set terminal svg" delay.gp > delay.svg
$p0s0 << EOD
10 970.381 966.625 974.137
100 9545.57 9512.2 9578.93
1000 26315.2 25728 26902.5
EOD
$p0s1 << EOD
10 963.314 959.981 966.647
100 1568.29 1566.63 1569.95
1000 1555.85 1551.76 1559.94
EOD
$p0s2 << EOD
10 887.07 883.323 890.817
100 8244.26 8197.24 8291.27
1000 69510 66553.9 72466.1
EOD
$p0s3 << EOD
10 891.644 891.638 891.65
100 8226.34 8225.43 8227.25
1000 63086.8 60504.8 65668.7
EOD
$p0s4 << EOD
10 966.23 960.821 971.639
100 8975.57 8941.27 9009.86
1000 43752.1 22348.2 65156
EOD
$p0s5 << EOD
10 960.403 958.319 962.487
100 8560.33 8537.75 8582.92
1000 57167.5 54976 59359
EOD
$p1s0 << EOD
10 10.879 10.8175 10.9404
100 13.267 13.0458 13.4881
1000 43.5118 29.7943 57.2293
EOD
$p1s1 << EOD
10 11.4933 10.7028 12.2839
100 72.0569 71.7292 72.3845
1000 680.264 666.632 693.895
EOD
$p1s2 << EOD
10 13.1809 11.8497 14.5121
100 13.6725 13.652 13.6929
1000 23.8223 20.9142 26.7305
EOD
$p1s3 << EOD
10 11.8579 11.7678 11.948
100 14.0493 14.0206 14.078
1000 21.0944 20.7503 21.4385
EOD
$p1s4 << EOD
10 12.4969 11.5302 13.4636
100 12.333 12.0136 12.6525
1000 249.909 18.391 481.427
EOD
$p1s5 << EOD
10 11.1289 10.7766 11.4811
100 15.188 14.594 15.7819
1000 26.7797 25.1249 28.4344
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
set yrange [294.441:1.12835e+06]
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
set yrange [3.5676:4619.82]
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
