# Echo, 64-byte messages: p99 latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_p99.gp > echo_p99.svg
$p0s0 << EOD
1 0.231807 0.211519 0.252095
10 0.343423 0.326783 0.360063
100 3.29216 3.06688 3.51744
1000 35.6393 27.1237 44.1549
10000 80.0522 74.9404 85.164
EOD
$p0s1 << EOD
1 0.247871 0.246207 0.249535
10 0.244479 0.241727 0.247231
100 1.81094 1.79354 1.82835
1000 12.7099 12.374 13.0458
10000 174.85 172.556 177.144
EOD
$p0s2 << EOD
1 0.229887 0.225215 0.234559
10 0.158079 0.143679 0.172479
100 1.02669 0.958207 1.09517
1000 8.7255 7.66566 9.78534
EOD
$p0s3 << EOD
1 0.226431 0.225471 0.227391
10 0.143871 0.140351 0.147391
100 1.23443 1.13408 1.33478
1000 8.45926 7.49363 9.4249
10000 109.117 108.691 109.543
EOD
$p0s4 << EOD
1 0.236863 0.233535 0.240191
10 0.143743 0.143039 0.144447
100 1.08186 1.05318 1.11053
1000 8.576 8.00563 9.14637
10000 211.747 191.3 232.194
EOD
$p0s5 << EOD
1 0.236223 0.234943 0.237503
10 0.153215 0.148159 0.158271
100 1.1986 1.13306 1.26413
1000 11.0387 10.5062 11.5712
10000 172.49 170.852 174.129
EOD
$p0r0 << EOD
10000 0.0701755
EOD
$p0l << EOD
100 1.08186
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Echo, 64-byte messages: p99 latency vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 round-trip latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [0.0467837:16169.4]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
