# Echo, 64-byte messages: throughput vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_throughput.gp > echo_throughput.svg
$p0s0 << EOD
100 107042 107042 107042
EOD
$p0s1 << EOD
100 142458 142458 142458
EOD
$p0s2 << EOD
100 163892 163892 163892
EOD
$p0s3 << EOD
100 294306 294306 294306
EOD
$p0s4 << EOD
100 301138 301138 301138
EOD
$p0s5 << EOD
100 277987 277987 277987
EOD
$p0s6 << EOD
100 275112 275112 275112
EOD
$p0s7 << EOD
100 276556 276556 276556
EOD
$p0s8 << EOD
100 281079 281079 281079
EOD
$p0s9 << EOD
100 276852 276852 276852
EOD
$p0s10 << EOD
100 290025 290025 290025
EOD
$p0s11 << EOD
100 269471 269471 269471
EOD
$p0l << EOD
100 294306
100 301138
100 277987
100 275112
100 276556
100 281079
100 276852
100 290025
100 269471
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Echo, 64-byte messages: throughput vs concurrent connections"
set xlabel "concurrent connections"
set ylabel "throughput (64-byte messages/s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [99:101]
set yrange [0:606133]
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
