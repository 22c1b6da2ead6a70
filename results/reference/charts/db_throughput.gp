# TFB db and queries against PostgreSQL: every model beside the database's own rate (pgbench)
# Redraw: gnuplot -e "set terminal svg" db_throughput.gp > db_throughput.svg
$p0s0 << EOD
32 19027.7 19027.7 19027.7
256 918.507 918.507 918.507
EOD
$p0s1 << EOD
32 27255.4 27255.4 27255.4
256 22455.6 22455.6 22455.6
EOD
$p0s2 << EOD
32 28949.5 28949.5 28949.5
256 28357.6 28357.6 28357.6
EOD
$p0s3 << EOD
32 59371.7 59371.7 59371.7
256 64706.3 64706.3 64706.3
EOD
$p0s4 << EOD
32 58368.3 58368.3 58368.3
256 62559.9 62559.9 62559.9
EOD
$p0s5 << EOD
32 49210.3 49210.3 49210.3
256 50896.3 50896.3 50896.3
EOD
$p0s6 << EOD
32 46214.2 46214.2 46214.2
256 48538.3 48538.3 48538.3
EOD
$p0s7 << EOD
32 46878 46878 46878
256 48143.4 48143.4 48143.4
EOD
$p0s8 << EOD
32 46413.6 46413.6 46413.6
256 50931.8 50931.8 50931.8
EOD
$p0s9 << EOD
32 47787.8 47787.8 47787.8
256 56373.1 56373.1 56373.1
EOD
$p0s10 << EOD
32 45539.5 45539.5 45539.5
256 50713.8 50713.8 50713.8
EOD
$p0s11 << EOD
32 48133.4 48133.4 48133.4
256 48941.7 48941.7 48941.7
EOD
$p0s12 << EOD
32 63157.3 63157.3 63157.3
256 40227.4 40227.4 40227.4
EOD
$p1s0 << EOD
256 494.958 494.958 494.958
EOD
$p1s1 << EOD
256 2522.87 2522.87 2522.87
EOD
$p1s2 << EOD
256 2764.84 2764.84 2764.84
EOD
$p1s3 << EOD
256 10162.7 10162.7 10162.7
EOD
$p1s4 << EOD
256 10260.4 10260.4 10260.4
EOD
$p1s5 << EOD
256 10188.5 10188.5 10188.5
EOD
$p1s6 << EOD
256 10367 10367 10367
EOD
$p1s7 << EOD
256 9469.58 9469.58 9469.58
EOD
$p1s8 << EOD
256 11044.6 11044.6 11044.6
EOD
$p1s9 << EOD
256 10139.8 10139.8 10139.8
EOD
$p1s10 << EOD
256 9538.66 9538.66 9538.66
EOD
$p1s11 << EOD
256 10152.8 10152.8 10152.8
EOD
$p1s12 << EOD
32 3157.87 3157.87 3157.87
256 2011.37 2011.37 2011.37
EOD
$p2s0 << EOD
32 28.0773 28.0773 28.0773
256 248.129 248.129 248.129
EOD
$p2s1 << EOD
32 27.4143 27.4143 27.4143
256 32.9452 32.9452 32.9452
EOD
$p2s2 << EOD
32 24.2579 24.2579 24.2579
256 25.84 25.84 25.84
EOD
$p2s3 << EOD
32 10.6546 10.6546 10.6546
256 10.2866 10.2866 10.2866
EOD
$p2s4 << EOD
32 10.7932 10.7932 10.7932
256 10.5848 10.5848 10.5848
EOD
$p2s5 << EOD
32 13.1304 13.1304 13.1304
256 13.1224 13.1224 13.1224
EOD
$p2s6 << EOD
32 13.6157 13.6157 13.6157
256 13.4901 13.4901 13.4901
EOD
$p2s7 << EOD
32 11.9549 11.9549 11.9549
256 12.1118 12.1118 12.1118
EOD
$p2s8 << EOD
32 12.4978 12.4978 12.4978
256 12.9056 12.9056 12.9056
EOD
$p2s9 << EOD
32 12.4531 12.4531 12.4531
256 12.0749 12.0749 12.0749
EOD
$p2s10 << EOD
32 12.598 12.598 12.598
256 11.8271 11.8271 11.8271
EOD
$p2s11 << EOD
32 13.5236 13.5236 13.5236
256 13.6671 13.6671 13.6671
EOD
$p2s12 << EOD
32 20.3348 20.3348 20.3348
256 28.3563 28.3563 28.3563
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,3 title "TFB db and queries against PostgreSQL: every model beside the database's own rate (pgbench)" font ',13'
set title "GET /db: one query per request"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [20:409.6]
set yrange [306.169:6.94873e+06]
set xtics ("32" 32, "256" 256)
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
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#000000" pt 3 dt 2 lw 2 ps 1.6 title "pgbench: the database alone (pgbench -S, its rate)"
set title "GET /queries?queries=20: 20 queries per request"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [20:409.6]
set yrange [0:20692.5]
set xtics ("32" 32, "256" 256)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 5 lw 2 ps 1.2 title "process-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 5 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 5 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 5 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 5 lw 2 ps 1.2 title "poll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 5 lw 2 ps 1.2 title "epoll", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 5 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 5 lw 2 ps 1.2 title "libev", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 5 lw 2 ps 1.2 title "libevent", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 5 lw 2 ps 1.2 title "libuv", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 5 lw 2 ps 1.2 title "io-uring", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 5 lw 2 ps 1.2 title "coroutines", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#000000" pt 3 dt 2 lw 2 ps 1.6 title "pgbench: the database alone (pgbench -S / 20)"
set title "server CPU per /db request"
set xlabel "concurrent connections"
set ylabel "server CPU per request (µs, user+system)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [20:409.6]
set yrange [0:464.879]
set xtics ("32" 32, "256" 256)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p2s12 using 1:2:3:4 with yerrorlines lc rgb "#000000" pt 3 dt 2 lw 2 ps 1.6 title "pgbench: the database alone (PostgreSQL's CPU a transaction)"
unset multiplot
