# p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)
# Redraw: gnuplot -e "set terminal svg" latency.gp > latency.svg
$p0s0 << EOD
0.25 3.08659 1.91949 4.25369
0.5 121.723 9.54777 233.898
0.75 44.137 3.69971 84.5742
0.9 617.611 568.066 667.156
1.1 438.862 234.16 643.564
EOD
$p0s1 << EOD
0.482015 0.037023 0.035951 0.038095
0.999999 0.238079 0.230975 0.245183
0.921811 3.06278 2.90918 3.21638
0.685681 18.219 17.8504 18.5876
0.592251 99.8115 95.06 104.563
EOD
$p1s0 << EOD
0.25 0.766975 0.686847 0.847103
0.5 7.13523 6.51878 7.75168
0.75 22.0508 9.4167 34.6849
0.9 281.052 243.991 318.112
1.1 514.032 167.444 860.619
EOD
$p1s1 << EOD
0.453088 0.047999 0.046639 0.049359
0.962789 0.203647 0.197823 0.209471
0.999999 2.01497 1.92358 2.10637
0.91978 22.1922 17.408 26.9763
0.968297 165.937 161.808 170.066
EOD
$p2s0 << EOD
0.25 4.00742 3.04435 4.97049
0.5 218.496 5.89619 431.096
0.75 124.863 89.4894 160.236
0.9 195.635 10.2441 381.026
1.1 200.016 135.201 264.831
EOD
$p2s1 << EOD
0.286645 0.036191 0.035759 0.036623
0.951358 0.120735 0.115423 0.126047
1 1.20524 1.16582 1.24467
0.882878 13.312 12.8737 13.7503
EOD
$p2l << EOD
0.9 195.635
1.1 200.016
EOD
$p3s0 << EOD
0.25 3.24998 0.423551 6.07641
0.5 302.38 7.85818 596.902
0.75 158.351 90.0137 226.689
0.9 216.351 107.25 325.452
1.1 121.832 120.75 122.913
EOD
$p3s1 << EOD
0.295095 0.035711 0.035535 0.035887
0.983055 0.105823 0.105247 0.106399
1 1.26464 1.26413 1.26515
0.844478 15.0835 12.2348 17.9323
0.641224 200.999 199.557 202.441
EOD
$p3l << EOD
0.9 216.351
1.1 121.832
EOD
$p4s0 << EOD
0.25 2.7424 0.653567 4.83123
0.5 344.913 5.36781 684.458
0.75 118.084 30.974 205.193
0.9 111.42 4.54041 218.3
1.1 278.512 114.655 442.368
EOD
$p4s1 << EOD
0.303084 0.035231 0.034991 0.035471
0.986037 0.129679 0.110687 0.148671
0.999996 1.38803 1.33478 1.44128
0.693471 19.3843 12.759 26.0096
0.584399 192.987 116.621 269.353
EOD
$p4l << EOD
0.9 111.42
1.1 278.512
EOD
$p5s0 << EOD
0.25 2.47974 0.829695 4.12979
0.5 699.138 677.642 720.634
0.75 67.2452 4.49945 129.991
0.9 443.515 247.661 639.369
1.1 123.781 108.56 139.002
EOD
$p5s1 << EOD
0.295943 0.035279 0.035119 0.035439
0.992426 0.113151 0.111967 0.114335
0.999996 1.31277 1.22214 1.40339
0.818829 18.5078 13.9059 23.1096
0.61177 204.734 189.334 220.135
EOD
$p5l << EOD
0.75 67.2452
1.1 123.781
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)" font ',13'
set title "thread-per-conn (capacity 88k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "open loop", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-pool (capacity 69k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "open loop", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "select (capacity 147k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "open loop", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p2l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll (capacity 144k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "open loop", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p3l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libuv (capacity 141k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "open loop", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p4l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libev (capacity 142k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.2075:1.1425]
set yrange [0.0233273:3442.48]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "open loop", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p5l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
