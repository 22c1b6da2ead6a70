# HTTP GET /: 99th-percentile latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" hello_p99.gp > hello_p99.svg
$p0s0 << EOD
1 3.17849 3.0976 3.25939
10 3.05561 2.82112 3.29011
100 3.71405 3.28601 4.14208
1000 31.0928 28.0904 34.0951
10000 74.0557 71.7292 76.3822
EOD
$p0s1 << EOD
1 2.19776 2.03725 2.35827
10 1.58717 0.248767 2.92557
100 2.09024 1.96147 2.21901
1000 14.295 12.6116 15.9785
10000 191.431 173.081 209.781
EOD
$p0s2 << EOD
1 2.28787 1.98195 2.59379
10 0.62813 0.143679 1.11258
100 1.04486 1.00582 1.0839
1000 9.40033 8.63846 10.1622
EOD
$p0s3 << EOD
1 2.37798 2.00858 2.74739
10 0.779681 0.187711 1.37165
100 1.23853 1.22829 1.24877
1000 7.95239 7.8336 8.07117
10000 164.692 163.906 165.478
EOD
$p0s4 << EOD
1 3.34643 3.22457 3.46829
10 1.04381 0.198847 1.88877
100 1.23391 1.07673 1.3911
1000 9.98195 9.9328 10.0311
10000 285.246 142.803 427.688
EOD
$p0s5 << EOD
1 3.22355 3.03616 3.41094
10 1.03376 0.204351 1.86317
100 1.21139 1.1863 1.23648
1000 11.7514 11.7268 11.776
10000 172.556 170.066 175.047
EOD
$p0r0 << EOD
10000 0.0718395
EOD
$p0l << EOD
100 1.04486
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: 99th-percentile latency vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [0.047893:39918.3]
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
