# p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)
# Redraw: gnuplot -e "set terminal svg" latency.gp > latency.svg
$p0s0 << EOD
0.5 4.77798 4.77798 4.77798
0.9 12.8492 12.8492 12.8492
1.1 151.192 151.192 151.192
EOD
$p0s1 << EOD
0.14255 0.104031 0.104031 0.104031
1 4.73702 4.73702 4.73702
EOD
$p1s0 << EOD
0.5 2.05466 2.05466 2.05466
0.9 3.17542 3.17542 3.17542
1.1 106.463 106.463 106.463
EOD
$p1s1 << EOD
0.117116 0.092319 0.092319 0.092319
1 2.35213 2.35213 2.35213
EOD
$p2s0 << EOD
0.5 0.856319 0.856319 0.856319
0.9 6.06413 6.06413 6.06413
1.1 116.818 116.818 116.818
EOD
$p2s1 << EOD
0.0853441 0.310143 0.310143 0.310143
1 0.822015 0.822015 0.822015
0.817605 9.4249 9.4249 9.4249
0.59898 110.854 110.854 110.854
EOD
$p3s0 << EOD
0.5 1.02477 1.02477 1.02477
0.9 3.94957 3.94957 3.94957
1.1 12.3412 12.3412 12.3412
EOD
$p3s1 << EOD
0.0579328 0.121887 0.121887 0.121887
1 0.702719 0.702719 0.702719
0.806219 5.5808 5.5808 5.5808
EOD
$p3l << EOD
0.5 1.02477
0.9 3.94957
1.1 12.3412
EOD
$p4s0 << EOD
0.5 0.755455 0.755455 0.755455
0.9 2.07616 2.07616 2.07616
1.1 3.16928 3.16928 3.16928
EOD
$p4s1 << EOD
0.0583645 0.134591 0.134591 0.134591
1 1.25286 1.25286 1.25286
0.844425 5.93715 5.93715 5.93715
0.542177 130.515 130.515 130.515
EOD
$p4l << EOD
0.5 0.755455
0.9 2.07616
1.1 3.16928
EOD
$p5s0 << EOD
0.5 0.817407 0.817407 0.817407
0.9 2.96857 2.96857 2.96857
1.1 60.1457 60.1457 60.1457
EOD
$p5s1 << EOD
0.0581873 0.094047 0.094047 0.094047
1 0.681727 0.681727 0.681727
0.820011 5.51526 5.51526 5.51526
0.431088 149.094 149.094 149.094
EOD
$p5l << EOD
0.5 0.817407
0.9 2.96857
1.1 60.1457
EOD
$p6s0 << EOD
0.5 0.782079 0.782079 0.782079
0.9 1.50067 1.50067 1.50067
1.1 66.0439 66.0439 66.0439
EOD
$p6s1 << EOD
0.0618894 0.098015 0.098015 0.098015
1 0.749311 0.749311 0.749311
0.876446 5.46202 5.46202 5.46202
0.449695 165.741 165.741 165.741
EOD
$p6l << EOD
0.5 0.782079
0.9 1.50067
1.1 66.0439
EOD
$p7s0 << EOD
0.5 0.876287 0.876287 0.876287
0.9 2.75149 2.75149 2.75149
1.1 44.7775 44.7775 44.7775
EOD
$p7s1 << EOD
0.0605456 0.096479 0.096479 0.096479
1 0.697599 0.697599 0.697599
0.844735 9.10541 9.10541 9.10541
0.440068 151.454 151.454 151.454
EOD
$p7l << EOD
0.5 0.876287
0.9 2.75149
1.1 44.7775
EOD
$p8s0 << EOD
0.5 1.05933 1.05933 1.05933
0.9 5.71187 5.71187 5.71187
1.1 68.78 68.78 68.78
EOD
$p8s1 << EOD
0.0597339 0.093215 0.093215 0.093215
1 0.672511 0.672511 0.672511
0.819322 5.52345 5.52345 5.52345
0.465185 164.692 164.692 164.692
EOD
$p8l << EOD
0.5 1.05933
0.9 5.71187
1.1 68.78
EOD
$p9s0 << EOD
0.5 0.833279 0.833279 0.833279
0.9 1.5447 1.5447 1.5447
1.1 19.456 19.456 19.456
EOD
$p9s1 << EOD
0.0621096 0.093215 0.093215 0.093215
1 0.726783 0.726783 0.726783
0.842052 7.23558 7.23558 7.23558
0.473681 144.114 144.114 144.114
EOD
$p9l << EOD
0.5 0.833279
0.9 1.5447
1.1 19.456
EOD
$p10s0 << EOD
0.5 0.855295 0.855295 0.855295
0.9 1.82221 1.82221 1.82221
1.1 45.7605 45.7605 45.7605
EOD
$p10s1 << EOD
0.0561514 0.097759 0.097759 0.097759
0.983117 0.731391 0.731391 0.731391
1 5.05651 5.05651 5.05651
0.525884 75.989 75.989 75.989
EOD
$p10l << EOD
0.5 0.855295
0.9 1.82221
1.1 45.7605
EOD
$p11s0 << EOD
0.5 0.837887 0.837887 0.837887
0.9 2.8928 2.8928 2.8928
1.1 70.615 70.615 70.615
EOD
$p11s1 << EOD
0.0615681 0.117919 0.117919 0.117919
1 0.705791 0.705791 0.705791
0.795886 6.06003 6.06003 6.06003
0.437612 145.424 145.424 145.424
EOD
$p11l << EOD
0.5 0.837887
0.9 2.8928
1.1 70.615
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 4,3 title "p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)" font ',13'
set title "process-per-conn (capacity 105k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0946777:1.14787]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "open loop", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-per-conn (capacity 137k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0679713:1.14914]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "open loop", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-pool (capacity 161k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0346113:1.15073]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "open loop", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "select (capacity 278k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00582946:1.1521]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "open loop", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p3l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "poll (capacity 264k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00628269:1.15208]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "open loop", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p4l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll (capacity 270k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00609668:1.15209]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "open loop", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p5l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll-per-core (capacity 256k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00998383:1.15191]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p6s0 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "open loop", \
     $p6s1 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p6l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libev (capacity 255k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00857288:1.15197]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p7s0 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "open loop", \
     $p7s1 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p7l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libevent (capacity 265k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00772062:1.15201]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p8s0 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "open loop", \
     $p8s1 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p8l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libuv (capacity 254k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0102151:1.15189]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p9s0 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "open loop", \
     $p9s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p9l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "io-uring (capacity 271k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.003959:1.15219]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p10s0 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "open loop", \
     $p10s1 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p10l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "coroutines (capacity 251k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00964652:1.15192]
set yrange [0.061546:662.964]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p11s0 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "open loop", \
     $p11s1 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p11l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
