# Connection churn: a new connection for every request
# Redraw: gnuplot -e "set terminal svg" churn.gp > churn.svg
$p0s0 << EOD
1 9408.56 8306.41 10510.7
10 6984.05 6766.15 7201.95
100 10193 9294.5 11091.5
EOD
$p0s1 << EOD
1 10636.5 8150.68 13122.4
10 13474.9 8760.56 18189.2
100 18275.4 14483.8 22067.1
EOD
$p0s2 << EOD
1 11208.3 9147.45 13269.1
10 19062.8 14200 23925.5
100 20166 19316.3 21015.7
EOD
$p0s3 << EOD
1 10638.7 8163.28 13114.1
10 19649.5 19379.4 19919.5
100 21400.2 19906.7 22893.6
EOD
$p0s4 << EOD
1 8946.04 4969.78 12922.3
10 18654.7 15154.7 22154.7
100 22456.2 22132.3 22780.1
EOD
$p0s5 << EOD
1 9577.35 6030 13124.7
10 17771.3 16469.8 19072.9
100 16014.5 14115 17913.9
EOD
$p0l << EOD
10 19062.8
10 19649.5
100 21400.2
10 18654.7
100 22456.2
EOD
$p1s0 << EOD
1 78.1446 74.245 82.0442
10 89.9673 80.2901 99.6444
100 85.1127 77.9696 92.2558
EOD
$p1s1 << EOD
1 76.9188 69.6618 84.1759
10 50.9558 50.9004 51.0112
100 46.3864 43.0057 49.7671
EOD
$p1s2 << EOD
1 57.0586 55.9619 58.1553
10 39.4025 38.881 39.924
100 38.0935 38.0426 38.1443
EOD
$p1s3 << EOD
1 56.5979 52.445 60.7508
10 41.0058 40.8467 41.165
100 39.7073 39.1962 40.2185
EOD
$p1s4 << EOD
1 66.6179 57.1833 76.0525
10 42.316 40.6237 44.0083
100 38.7853 38.5649 39.0056
EOD
$p1s5 << EOD
1 62.9232 52.5718 73.2746
10 41.2986 40.6317 41.9654
100 37.3508 37.0788 37.6228
EOD
$p1l << EOD
10 39.4025
10 41.0058
100 39.7073
10 42.316
100 38.7853
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Connection churn: a new connection for every request" font ',13'
set title "connections per second"
set xlabel "concurrent connecting clients (log scale)"
set ylabel "new connections (conn/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:160]
set yrange [0:34112.8]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "server CPU per connection"
set xlabel "concurrent connecting clients (log scale)"
set ylabel "server CPU per connection (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:160]
set yrange [0:142.072]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
