# Connection churn: a new connection for every request
# Redraw: gnuplot -e "set terminal svg" churn.gp > churn.svg
$p0s0 << EOD
10 4033.89 4033.89 4033.89
100 3929.87 3929.87 3929.87
EOD
$p0s1 << EOD
10 13855.9 13855.9 13855.9
100 22631.5 22631.5 22631.5
EOD
$p0s2 << EOD
10 13937.5 13937.5 13937.5
100 52065.7 52065.7 52065.7
EOD
$p0s3 << EOD
10 14448.1 14448.1 14448.1
100 59904.5 59904.5 59904.5
EOD
$p0s4 << EOD
10 14452 14452 14452
100 59586.6 59586.6 59586.6
EOD
$p0s5 << EOD
10 14418.4 14418.4 14418.4
100 57448.5 57448.5 57448.5
EOD
$p0s6 << EOD
10 14430.5 14430.5 14430.5
100 56401.3 56401.3 56401.3
EOD
$p0s7 << EOD
10 14444 14444 14444
100 55984.4 55984.4 55984.4
EOD
$p0s8 << EOD
10 14421.8 14421.8 14421.8
100 58837.3 58837.3 58837.3
EOD
$p0s9 << EOD
10 50781 50781 50781
100 58258.8 58258.8 58258.8
EOD
$p0s10 << EOD
10 47000.1 47000.1 47000.1
100 51297.4 51297.4 51297.4
EOD
$p0s11 << EOD
10 40604.4 40604.4 40604.4
100 43309.9 43309.9 43309.9
EOD
$p0l << EOD
10 13937.5
10 14448.1
100 59904.5
10 14452
100 59586.6
10 14418.4
100 57448.5
10 14430.5
100 56401.3
10 14444
100 55984.4
10 14421.8
100 58837.3
10 50781
100 58258.8
10 47000.1
100 51297.4
EOD
$p1s0 << EOD
10 239.544 239.544 239.544
100 272.214 272.214 272.214
EOD
$p1s1 << EOD
10 35.0527 35.0527 35.0527
100 40.2079 40.2079 40.2079
EOD
$p1s2 << EOD
10 20.6089 20.6089 20.6089
100 17.9921 17.9921 17.9921
EOD
$p1s3 << EOD
10 17.3069 17.3069 17.3069
100 15.282 15.282 15.282
EOD
$p1s4 << EOD
10 17.0376 17.0376 17.0376
100 15.2435 15.2435 15.2435
EOD
$p1s5 << EOD
10 17.4585 17.4585 17.4585
100 14.9499 14.9499 14.9499
EOD
$p1s6 << EOD
10 17.5991 17.5991 17.5991
100 15.1527 15.1527 15.1527
EOD
$p1s7 << EOD
10 17.2236 17.2236 17.2236
100 15.3294 15.3294 15.3294
EOD
$p1s8 << EOD
10 17.3395 17.3395 17.3395
100 15.2274 15.2274 15.2274
EOD
$p1s9 << EOD
10 17.3622 17.3622 17.3622
100 15.3259 15.3259 15.3259
EOD
$p1s10 << EOD
10 15.4621 15.4621 15.4621
100 13.9607 13.9607 13.9607
EOD
$p1s11 << EOD
10 23.3403 23.3403 23.3403
100 21.5272 21.5272 21.5272
EOD
$p1l << EOD
10 20.6089
10 17.3069
100 15.282
10 17.0376
100 15.2435
10 17.4585
100 14.9499
10 17.5991
100 15.1527
10 17.2236
100 15.3294
10 17.3395
100 15.2274
10 17.3622
100 15.3259
10 15.4621
100 13.9607
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
set yrange [0:120576]
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
set yrange [0:547.915]
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
