# Echo, 64-byte messages: throughput vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_throughput.gp > echo_throughput.svg
$p0s0 << EOD
1 10316.2 10315.2 10317.2
10 122943 121749 124137
100 115048 113519 116578
1000 71762.2 68921.3 74603.2
10000 61126.8 58967.1 63286.6
EOD
$p0s1 << EOD
1 10099.5 9841.25 10357.8
10 122323 121428 123218
100 119112 113580 124643
1000 101174 100355 101993
10000 76214.8 74361.5 78068
EOD
$p0s2 << EOD
1 10799.7 10769.1 10830.3
10 206586 190603 222568
100 233842 227945 239738
1000 184338 183864 184812
EOD
$p0s3 << EOD
1 10897.1 10817.9 10976.3
10 214967 212749 217185
100 198801 198013 199589
1000 170965 167034 174896
10000 96157.6 95124.7 97190.5
EOD
$p0s4 << EOD
1 10516.2 10501 10531.5
10 214380 211181 217580
100 206190 204387 207994
1000 164530 162446 166614
10000 96949.9 93869.8 100030
EOD
$p0s5 << EOD
1 10774.8 10694.8 10854.7
10 208384 208199 208570
100 208107 201659 214555
1000 170552 166586 174519
10000 95018.6 94885.9 95151.4
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
100 206190
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Echo, 64-byte messages: throughput vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (64-byte messages/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:359280]
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
