# GET /delay?ms=10: waiting requests, prediction beside measurement
# Redraw: gnuplot -e "set terminal svg" delay.gp > delay.svg
$p0s0 << EOD
10 937.447 933.277 941.617
100 9439.62 9432.43 9446.81
1000 29186.3 28443.5 29929.2
EOD
$p0s1 << EOD
10 937.445 933.265 941.624
100 1533.12 1519.7 1546.54
1000 1542.04 1537.45 1546.63
EOD
$p0s2 << EOD
10 859.901 858.197 861.606
100 8303.72 8274.91 8332.52
1000 74053.6 73871.5 74235.6
EOD
$p0s3 << EOD
10 854.01 849.937 858.082
100 8140.26 8096.69 8183.84
1000 75891 75534.7 76247.3
EOD
$p0s4 << EOD
10 936.986 933.198 940.775
100 8881.01 8843.57 8918.45
1000 79366 79285.7 79446.4
EOD
$p0s5 << EOD
10 916.617 916.606 916.628
100 8512.35 8414.51 8610.19
1000 64619.4 63359.1 65879.7
EOD
$p1s0 << EOD
10 13.6274 13.2915 13.9633
100 13.2752 13.0867 13.4636
1000 80.8059 77.7585 83.8533
EOD
$p1s1 << EOD
10 12.8655 12.4477 13.2833
100 76.5789 74.6783 78.4794
1000 684.458 679.215 689.701
EOD
$p1s2 << EOD
10 13.054 12.3986 13.7093
100 13.9674 13.865 14.0698
1000 17.3507 17.2769 17.4244
EOD
$p1s3 << EOD
10 15.1839 15.1265 15.2412
100 15.6385 14.7251 16.5519
1000 16.5068 16.257 16.7567
EOD
$p1s4 << EOD
10 13.054 12.3412 13.7667
100 14.8849 14.0861 15.6836
1000 15.7778 15.3887 16.1669
EOD
$p1s5 << EOD
10 14.6719 14.1763 15.1675
100 15.9355 13.4144 18.4566
1000 23.6749 21.7498 25.6
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
set yrange [283.312:1.32021e+06]
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
set yrange [4.11373:4353.05]
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
