# p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)
# Redraw: gnuplot -e "set terminal svg" latency.gp > latency.svg
$p0s0 << EOD
0.25 12.67 8.11213 17.2278
0.5 7.67078 6.88333 8.45824
0.75 7.80595 7.14547 8.46643
0.9 122.361 7.9401 236.782
1.1 185.466 180.158 190.775
EOD
$p0s1 << EOD
0.0517264 3.17849 3.0976 3.25939
0.574351 3.05561 2.82112 3.29011
1 3.71405 3.28601 4.14208
0.666475 31.0928 28.0904 34.0951
0.563667 74.0557 71.7292 76.3822
EOD
$p1s0 << EOD
0.25 10.8708 10.4407 11.3009
0.5 6.99597 5.65862 8.33331
0.75 9.94099 9.24467 10.6373
0.9 39.4793 12.1283 66.8303
1.1 177.996 173.605 182.387
EOD
$p1s1 << EOD
0.0354237 2.19776 2.03725 2.35827
0.710472 1.58717 0.248767 2.92557
0.999996 2.09024 1.96147 2.21901
0.827922 14.295 12.6116 15.9785
0.62978 191.431 173.081 209.781
EOD
$p2s0 << EOD
0.25 4.28288 3.67309 4.89267
0.5 5.13024 4.67968 5.5808
0.75 54.9783 8.60569 101.351
0.9 8.97433 8.46643 9.48224
1.1 133.677 108.56 158.794
EOD
$p2s1 << EOD
0.0261977 2.28787 1.98195 2.59379
0.788867 0.62813 0.143679 1.11258
0.999998 1.04486 1.00582 1.0839
0.788512 9.40033 8.63846 10.1622
EOD
$p2l << EOD
0.5 5.13024
EOD
$p3s0 << EOD
0.25 12.0505 11.6941 12.4068
0.5 7.47266 3.93933 11.006
0.75 14.0022 8.77773 19.2266
0.9 15.2771 4.83942 25.7147
1.1 257.081 115.048 399.114
EOD
$p3s1 << EOD
0.026656 2.37798 2.00858 2.74739
0.742537 0.779681 0.187711 1.37165
1 1.23853 1.22829 1.24877
0.883877 7.95239 7.8336 8.07117
0.459498 164.692 163.906 165.478
EOD
$p3l << EOD
0.5 7.47266
EOD
$p4s0 << EOD
0.25 14.2458 12.3494 16.1423
0.5 5.27769 4.51174 6.04365
0.75 6.50035 6.03955 6.96115
0.9 73.8263 68.8456 78.807
1.1 205.39 165.216 245.563
EOD
$p4s1 << EOD
0.0238603 3.34643 3.22457 3.46829
0.719267 1.04381 0.198847 1.88877
0.999998 1.23391 1.07673 1.3911
0.795955 9.98195 9.9328 10.0311
0.466615 285.246 142.803 427.688
EOD
$p4l << EOD
0.5 5.27769
EOD
$p5s0 << EOD
0.25 11.6071 4.83942 18.3747
0.5 4.44416 4.43392 4.4544
0.75 10.71 5.67091 15.7491
0.9 153.735 20.2916 287.179
1.1 176.685 156.959 196.411
EOD
$p5s1 << EOD
0.0258285 3.22355 3.03616 3.41094
0.701274 1.03376 0.204351 1.86317
1 1.21139 1.1863 1.23648
0.797823 11.7514 11.7268 11.776
0.45378 172.556 170.066 175.047
EOD
$p5l << EOD
0.5 4.44416
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)" font ',13'
set title "thread-per-conn (capacity 110k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.000687303:1.15241]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "open loop", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-pool (capacity 118k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0178051:1.15323]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "open loop", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "select (capacity 222k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0274925:1.15369]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "open loop", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p2l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll (capacity 212k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0270111:1.15367]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "open loop", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p3l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libuv (capacity 214k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0299467:1.15381]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "open loop", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p4l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libev (capacity 209k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0278801:1.15371]
set yrange [0.095786:1710.75]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "open loop", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p5l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
