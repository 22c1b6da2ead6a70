# Echo, 64-byte messages: throughput vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_throughput.gp > echo_throughput.svg
$p0s0 << EOD
1 8925.08 8877.45 8972.72
10 91706.5 90509.8 92903.2
100 107002 104869 109135
1000 61716.9 56986.6 66447.2
10000 59420.1 49052.1 69788.1
EOD
$p0s1 << EOD
1 8590.05 8284.5 8895.6
10 109484 107461 111507
100 114500 111576 117423
1000 86758.9 78485.7 95032
10000 63964.2 60142.9 67785.5
EOD
$p0s2 << EOD
1 9127.83 8821.66 9434
10 174847 164530 185164
100 200814 174981 226647
1000 167006 159908 174104
EOD
$p0s3 << EOD
1 9073.84 9015.6 9132.08
10 174371 160601 188141
100 179621 176688 182554
1000 140432 130623 150240
10000 90006 89884.7 90127.3
EOD
$p0s4 << EOD
1 9076.69 8545.44 9607.95
10 179758 176957 182559
100 163954 134947 192961
1000 153106 147426 158786
10000 90047.9 86019.8 94076
EOD
$p0s5 << EOD
1 9283.11 9200.41 9365.82
10 184218 175704 192731
100 154622 152529 156716
1000 138784 137718 139850
10000 85350.1 82178.8 88521.3
EOD
$p0r0 << EOD
10000 0
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
set yrange [0:323152]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
