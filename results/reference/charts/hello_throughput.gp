# HTTP GET /: throughput vs concurrent connections (closed loop)
# Redraw: gnuplot -e "set terminal svg" hello_throughput.gp > hello_throughput.svg
$p0s0 << EOD
1 5707.98 5506.09 5909.86
10 63379.3 60013 66745.7
100 110350 106333 114366
1000 73545.2 73542.1 73548.3
10000 62200.4 61267.3 63133.4
EOD
$p0s1 << EOD
1 4182.35 4158.16 4206.54
10 83882.9 49877.8 117888
100 118066 115953 120180
1000 97749.9 95921.4 99578.3
10000 74355.9 72990.1 75721.6
EOD
$p0s2 << EOD
1 5825.69 5564.85 6086.52
10 175424 126662 224187
100 222374 218612 226137
1000 175345 172744 177946
EOD
$p0s3 << EOD
1 5648.79 5047.85 6249.73
10 157354 121143 193564
100 211914 211118 212710
1000 187306 181762 192849
10000 97374.1 97251.8 97496.4
EOD
$p0s4 << EOD
1 5105.74 5043.17 5168.3
10 153912 110946 196877
100 213984 209555 218414
1000 170322 165782 174861
10000 99848.4 99194.7 100502
EOD
$p0s5 << EOD
1 5405.69 5269.86 5541.52
10 146771 110172 183370
100 209292 204079 214505
1000 166978 165630 168326
10000 94972.5 92708.2 97236.9
EOD
$p0r0 << EOD
10000 2079.08
EOD
$p0l << EOD
100 222374
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: throughput vs concurrent connections (closed loop)"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [0.625:16000]
set yrange [1386.05:2.86849e+06]
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
