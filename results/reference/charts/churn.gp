# Connection churn: a new connection for every request
# Redraw: gnuplot -e "set terminal svg" churn.gp > churn.svg
$p0s0 << EOD
1 7825.94 7049.97 8601.92
10 19042.5 18518.9 19566.1
100 16722.7 16616.2 16829.2
EOD
$p0s1 << EOD
1 8793.63 8252.45 9334.81
10 34162.2 34090.5 34233.8
100 33335.9 29530.7 37141.2
EOD
$p0s2 << EOD
1 9715.72 9492.34 9939.1
10 37238 36073.9 38402.1
100 40414.4 38734.9 42093.9
EOD
$p0s3 << EOD
1 9684.45 9510.8 9858.1
10 32478 32155.1 32800.9
100 38094.6 35936.3 40252.9
EOD
$p0s4 << EOD
1 9744.87 9645.19 9844.54
10 34819.9 33673.2 35966.7
100 40116.2 38742.6 41489.9
EOD
$p0s5 << EOD
1 9867.82 9612.04 10123.6
10 35187.2 33893.1 36481.4
100 40117.6 39825.1 40410
EOD
$p0l << EOD
100 38094.6
100 40117.6
EOD
$p1s0 << EOD
1 60.5105 55.9061 65.115
10 43.1306 41.682 44.5792
100 52.803 52.6603 52.9457
EOD
$p1s1 << EOD
1 54.8829 54.6629 55.1029
10 25.3111 25.1007 25.5214
100 28.7201 25.5255 31.9146
EOD
$p1s2 << EOD
1 46.2207 44.6101 47.8312
10 19.9933 19.85 20.1366
100 21.9635 20.7108 23.2161
EOD
$p1s3 << EOD
1 43.8983 43.6579 44.1387
10 20.7047 20.655 20.7543
100 20.4002 20.3701 20.4303
EOD
$p1s4 << EOD
1 44.3899 44.1949 44.585
10 20.8629 20.7403 20.9854
100 20.9239 20.8984 20.9495
EOD
$p1s5 << EOD
1 43.3267 42.724 43.9293
10 19.7721 19.5899 19.9542
100 19.9509 19.8655 20.0363
EOD
$p1l << EOD
100 20.4002
100 19.9509
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
set yrange [0:60017.2]
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
set yrange [0:92.8406]
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
