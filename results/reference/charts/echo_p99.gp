# Echo, 64-byte messages: p99 latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_p99.gp > echo_p99.svg
$p0s0 << EOD
1 0.314751 0.305791 0.323711
10 0.522943 0.480383 0.565503
100 6.66215 6.1993 7.12499
1000 43.3807 30.0564 56.705
10000 119.767 107.512 132.022
EOD
$p0s1 << EOD
1 0.338431 0.325503 0.351359
10 0.284543 0.280959 0.288127
100 2.688 2.29069 3.08531
1000 18.6225 14.889 22.356
10000 177.209 171.114 183.304
EOD
$p0s2 << EOD
1 0.307583 0.286335 0.328831
10 0.230975 0.213055 0.248895
100 1.95097 1.66861 2.23334
1000 10.2851 9.39213 11.178
EOD
$p0s3 << EOD
1 0.319871 0.303743 0.335999
10 0.223999 0.205247 0.242751
100 2.22105 2.11866 2.32345
1000 12.7099 11.3828 14.037
10000 189.268 177.275 201.261
EOD
$p0s4 << EOD
1 0.333567 0.277119 0.390015
10 0.210431 0.205119 0.215743
100 2.23309 1.92563 2.54054
1000 11.1944 9.99014 12.3986
10000 130.76 125.665 135.856
EOD
$p0s5 << EOD
1 0.309631 0.295039 0.324223
10 0.209343 0.197311 0.221375
100 2.48013 2.38285 2.57741
1000 15.8925 15.0692 16.7158
10000 190.251 188.94 191.562
EOD
$p0r0 << EOD
10000 0.0986555
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
set yrange [0.0657703:6137.08]
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
