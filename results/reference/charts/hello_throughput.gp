# HTTP GET /: throughput vs concurrent connections (closed loop)
# Redraw: gnuplot -e "set terminal svg" hello_throughput.gp > hello_throughput.svg
$p0s0 << EOD
1 14985.3 14985.3 14985.3
100 105123 105123 105123
EOD
$p0s1 << EOD
1 16041.9 16041.9 16041.9
100 136975 136975 136975
EOD
$p0s2 << EOD
1 13758.4 13758.4 13758.4
100 161211 161211 161211
1000 131807 131807 131807
10000 96562.2 96562.2 96562.2
EOD
$p0s3 << EOD
1 16099.3 16099.3 16099.3
100 277896 277896 277896
1000 224045 224045 224045
EOD
$p0s4 << EOD
1 15420.3 15420.3 15420.3
100 264207 264207 264207
1000 223103 223103 223103
10000 143247 143247 143247
EOD
$p0s5 << EOD
1 15694.4 15694.4 15694.4
100 269722 269722 269722
1000 221175 221175 221175
10000 116274 116274 116274
EOD
$p0s6 << EOD
1 15850.3 15850.3 15850.3
100 256107 256107 256107
1000 224464 224464 224464
10000 115170 115170 115170
EOD
$p0s7 << EOD
1 15424.9 15424.9 15424.9
100 254765 254765 254765
1000 215209 215209 215209
10000 112114 112114 112114
EOD
$p0s8 << EOD
1 15854.4 15854.4 15854.4
100 265417 265417 265417
1000 217462 217462 217462
10000 123468 123468 123468
EOD
$p0s9 << EOD
1 15750 15750 15750
100 253584 253584 253584
1000 213531 213531 213531
10000 120118 120118 120118
EOD
$p0s10 << EOD
1 15209.4 15209.4 15209.4
100 266291 266291 266291
1000 270864 270864 270864
10000 142443 142443 142443
EOD
$p0s11 << EOD
1 15445.9 15445.9 15445.9
100 250875 250875 250875
1000 199668 199668 199668
10000 109786 109786 109786
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
100 277896
100 269722
100 256107
100 254765
100 265417
100 253584
100 266291
1000 270864
10000 142443
100 250875
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: throughput vs concurrent connections (closed loop)"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:600561]
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
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
