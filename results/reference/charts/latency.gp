# p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)
# Redraw: gnuplot -e "set terminal svg" latency.gp > latency.svg
$p0s0 << EOD
0.5 6.86285 6.86285 6.86285
0.9 13.865 13.865 13.865
1.1 107.708 107.708 107.708
EOD
$p0s1 << EOD
0.570741 0.038127 0.038127 0.038127
1 4.87219 4.87219 4.87219
0.912568 11.2435 11.2435 11.2435
0.783078 15.4706 15.4706 15.4706
EOD
$p1s0 << EOD
0.5 2.99725 2.99725 2.99725
0.9 3.05664 3.05664 3.05664
1.1 59.1299 59.1299 59.1299
EOD
$p1s1 << EOD
0.478835 0.067999 0.067999 0.067999
1 3.28192 3.28192 3.28192
0.795236 17.6701 17.6701 17.6701
0.7221 25.8785 25.8785 25.8785
EOD
$p2s0 << EOD
0.5 0.502399 0.502399 0.502399
0.9 1.22419 1.22419 1.22419
1.1 18.9809 18.9809 18.9809
EOD
$p2s1 << EOD
0.486622 0.054799 0.054799 0.054799
0.975924 5.55213 5.55213 5.55213
1 17.6865 17.6865 17.6865
0.939768 196.018 196.018 196.018
EOD
$p3s0 << EOD
0.5 0.769279 0.769279 0.769279
0.9 0.797439 0.797439 0.797439
1.1 78.676 78.676 78.676
EOD
$p3s1 << EOD
0.219591 0.055215 0.055215 0.055215
1 1.23648 1.23648 1.23648
0.941102 12.7754 12.7754 12.7754
EOD
$p3l << EOD
0.9 0.797439
1.1 78.676
EOD
$p4s0 << EOD
0.5 0.318591 0.318591 0.318591
0.9 1.05216 1.05216 1.05216
1.1 97.2227 97.2227 97.2227
EOD
$p4s1 << EOD
0.18376 0.062511 0.062511 0.062511
1 1.18426 1.18426 1.18426
0.892884 11.35 11.35 11.35
0.564744 253.297 253.297 253.297
EOD
$p4l << EOD
0.9 1.05216
1.1 97.2227
EOD
$p5s0 << EOD
0.5 1.49658 1.49658 1.49658
0.9 8.48282 8.48282 8.48282
1.1 87.3923 87.3923 87.3923
EOD
$p5s1 << EOD
0.205995 0.059951 0.059951 0.059951
1 1.25286 1.25286 1.25286
0.852472 17.6538 17.6538 17.6538
0.684726 201.261 201.261 201.261
EOD
$p5l << EOD
0.9 8.48282
1.1 87.3923
EOD
$p6s0 << EOD
0.5 0.399999 0.399999 0.399999
0.9 1.00736 1.00736 1.00736
1.1 86.9335 86.9335 86.9335
EOD
$p6s1 << EOD
0.243816 0.048911 0.048911 0.048911
1 1.23238 1.23238 1.23238
0.923952 9.10541 9.10541 9.10541
0.649847 200.868 200.868 200.868
EOD
$p6l << EOD
0.9 1.00736
1.1 86.9335
EOD
$p7s0 << EOD
0.5 0.405375 0.405375 0.405375
0.9 1.12179 1.12179 1.12179
1.1 86.4748 86.4748 86.4748
EOD
$p7s1 << EOD
0.281304 0.042735 0.042735 0.042735
1 1.216 1.216 1.216
0.915088 14.2746 14.2746 14.2746
0.532287 271.45 271.45 271.45
EOD
$p7l << EOD
0.9 1.12179
1.1 86.4748
EOD
$p8s0 << EOD
0.5 1.05318 1.05318 1.05318
0.9 1.15354 1.15354 1.15354
1.1 58.4745 58.4745 58.4745
EOD
$p8s1 << EOD
0.287441 0.043727 0.043727 0.043727
1 1.73107 1.73107 1.73107
0.941714 13.6929 13.6929 13.6929
0.476323 235.34 235.34 235.34
EOD
$p8l << EOD
0.9 1.15354
1.1 58.4745
EOD
$p9s0 << EOD
0.5 0.369023 0.369023 0.369023
0.9 1.90925 1.90925 1.90925
1.1 2.17805 2.17805 2.17805
EOD
$p9s1 << EOD
0.325067 0.040207 0.040207 0.040207
0.662766 6.32627 6.32627 6.32627
1 9.20371 9.20371 9.20371
0.712162 564.92 564.92 564.92
EOD
$p9l << EOD
0.9 1.90925
1.1 2.17805
EOD
$p10s0 << EOD
0.5 0.469631 0.469631 0.469631
0.9 0.707839 0.707839 0.707839
1.1 98.0091 98.0091 98.0091
EOD
$p10s1 << EOD
0.291044 0.037679 0.037679 0.037679
1 0.830719 0.830719 0.830719
0.919144 10.3834 10.3834 10.3834
0.507571 199.819 199.819 199.819
EOD
$p10l << EOD
0.9 0.707839
1.1 98.0091
EOD
$p11s0 << EOD
0.5 0.390271 0.390271 0.390271
0.9 1.02426 1.02426 1.02426
1.1 99.3198 99.3198 99.3198
EOD
$p11s1 << EOD
0.232422 0.126559 0.126559 0.126559
1 1.1392 1.1392 1.1392
0.853588 11.3091 11.3091 11.3091
0.629546 112.951 112.951 112.951
EOD
$p11l << EOD
0.9 1.02426
1.1 99.3198
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 4,3 title "p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)" font ',13'
set title "process-per-conn (capacity 73k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.47:1.13]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "open loop", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-per-conn (capacity 81k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.447777:1.13106]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "open loop", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-pool (capacity 64k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.455953:1.13067]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "open loop", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "select (capacity 146k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.175571:1.14402]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "open loop", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p3l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "poll (capacity 148k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.137948:1.14581]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "open loop", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p4l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll (capacity 143k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.161295:1.1447]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "open loop", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p5l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "epoll-per-core (capacity 144k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.201007:1.14281]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p6s0 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "open loop", \
     $p6s1 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p6l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libev (capacity 144k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.240369:1.14093]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p7s0 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "open loop", \
     $p7s1 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p7l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libevent (capacity 139k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.246813:1.14063]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p8s0 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "open loop", \
     $p8s1 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p8l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "libuv (capacity 128k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.28632:1.13875]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p9s0 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "open loop", \
     $p9s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p9l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "io-uring (capacity 147k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.250597:1.14045]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p10s0 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "open loop", \
     $p10s1 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p10l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "coroutines (capacity 144k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.189044:1.14338]
set yrange [0.0251193:2259.68]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p11s0 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "open loop", \
     $p11s1 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)", \
     $p11l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
