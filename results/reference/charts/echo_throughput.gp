# Echo, 64-byte messages: throughput vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_throughput.gp > echo_throughput.svg
$p0s0 << EOD
1 43804.8 43572.2 44037.3
10 70513.4 49752.2 91274.6
100 83637.1 82845.8 84428.3
1000 67037.4 67029.9 67045
10000 51760.2 51453.7 52066.7
EOD
$p0s1 << EOD
1 32606.5 32601.4 32611.6
10 66893.9 66293 67494.7
100 70426.2 70207 70645.5
1000 64880.3 64731.5 65029.2
10000 62937.3 57822.1 68052.5
EOD
$p0s2 << EOD
1 43169.5 42963.3 43375.7
10 139883 138988 140778
100 151831 150770 152892
1000 134390 133681 135100
EOD
$p0s3 << EOD
1 43628 43325.7 43930.3
10 141396 138421 144372
100 148556 147694 149417
1000 133158 130784 135533
10000 86419.1 78866.6 93971.5
EOD
$p0s4 << EOD
1 31292.7 18833.1 43752.3
10 142040 141305 142775
100 146934 146786 147081
1000 115286 100971 129600
10000 79885.3 74557.5 85213.1
EOD
$p0s5 << EOD
1 31456.4 19194 43718.8
10 144072 141936 146209
100 147811 147657 147965
1000 130698 129674 131722
10000 85243.9 84686.3 85801.5
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
10 139883
100 151831
1000 134390
10 141396
100 148556
1000 133158
10 142040
100 146934
1000 115286
10 144072
100 147811
1000 130698
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
set yrange [0:229130]
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
