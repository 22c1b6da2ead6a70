# Connection churn: a new connection for every request
# Redraw: gnuplot -e "set terminal svg" churn.gp > churn.svg
$p0s0 << EOD
10 3482.95 3482.95 3482.95
100 3557.87 3557.87 3557.87
EOD
$p0s1 << EOD
10 12009.8 12009.8 12009.8
100 10809.7 10809.7 10809.7
EOD
$p0s2 << EOD
10 13797.2 13797.2 13797.2
100 22321 22321 22321
EOD
$p0s3 << EOD
10 13564.1 13564.1 13564.1
100 24670.6 24670.6 24670.6
EOD
$p0s4 << EOD
10 13528.3 13528.3 13528.3
100 24922.4 24922.4 24922.4
EOD
$p0s5 << EOD
10 13592.6 13592.6 13592.6
100 23674.4 23674.4 23674.4
EOD
$p0s6 << EOD
10 13663.8 13663.8 13663.8
100 23526.3 23526.3 23526.3
EOD
$p0s7 << EOD
10 13596.3 13596.3 13596.3
100 23306.4 23306.4 23306.4
EOD
$p0s8 << EOD
10 13490.7 13490.7 13490.7
100 23771.3 23771.3 23771.3
EOD
$p0s9 << EOD
10 22058.8 22058.8 22058.8
100 23662.6 23662.6 23662.6
EOD
$p0s10 << EOD
10 22483.6 22483.6 22483.6
100 22986.7 22986.7 22986.7
EOD
$p0s11 << EOD
10 19920.6 19920.6 19920.6
100 21648 21648 21648
EOD
$p0l << EOD
10 13797.2
10 13564.1
100 24670.6
10 13528.3
100 24922.4
10 13592.6
100 23674.4
10 13663.8
100 23526.3
10 13596.3
100 23306.4
10 13490.7
100 23771.3
10 22058.8
100 23662.6
10 22483.6
100 22986.7
EOD
$p1s0 << EOD
10 277.731 277.731 277.731
100 286.8 286.8 286.8
EOD
$p1s1 << EOD
10 73.5666 73.5666 73.5666
100 82.4046 82.4046 82.4046
EOD
$p1s2 << EOD
10 45.535 45.535 45.535
100 41.9804 41.9804 41.9804
EOD
$p1s3 << EOD
10 39.9801 39.9801 39.9801
100 37.479 37.479 37.479
EOD
$p1s4 << EOD
10 39.4828 39.4828 39.4828
100 37.184 37.184 37.184
EOD
$p1s5 << EOD
10 39.2667 39.2667 39.2667
100 36.4819 36.4819 36.4819
EOD
$p1s6 << EOD
10 39.6813 39.6813 39.6813
100 36.714 36.714 36.714
EOD
$p1s7 << EOD
10 40.8829 40.8829 40.8829
100 36.6019 36.6019 36.6019
EOD
$p1s8 << EOD
10 40.5466 40.5466 40.5466
100 36.78 36.78 36.78
EOD
$p1s9 << EOD
10 40.2447 40.2447 40.2447
100 36.9547 36.9547 36.9547
EOD
$p1s10 << EOD
10 34.6355 34.6355 34.6355
100 32.7197 32.7197 32.7197
EOD
$p1s11 << EOD
10 48.3283 48.3283 48.3283
100 43.146 43.146 43.146
EOD
$p1l << EOD
10 45.535
10 39.9801
100 37.479
10 39.4828
100 37.184
10 39.2667
100 36.4819
10 39.6813
100 36.714
10 40.8829
100 36.6019
10 40.5466
100 36.78
10 40.2447
100 36.9547
10 34.6355
100 32.7197
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Connection churn: a new connection for every request" font ',13'
set title "connections per second"
set xlabel "concurrent connecting clients"
set ylabel "new connections (conn/s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [5.5:104.5]
set yrange [0:50164]
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
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "server CPU per connection"
set xlabel "concurrent connecting clients"
set ylabel "server CPU per connection (µs)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [5.5:104.5]
set yrange [0:577.274]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p1l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
