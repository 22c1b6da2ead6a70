# HTTP GET /: server CPU time per request vs connections
# Redraw: gnuplot -e "set terminal svg" hello_cpu_per_req.gp > hello_cpu_per_req.svg
$p0s0 << EOD
1 22.4858 22.4858 22.4858
100 8.78763 8.78763 8.78763
EOD
$p0s1 << EOD
1 22.8846 22.8846 22.8846
100 6.74538 6.74538 6.74538
EOD
$p0s2 << EOD
1 31.1458 31.1458 31.1458
100 5.8742 5.8742 5.8742
1000 7.51248 7.51248 7.51248
10000 10.2215 10.2215 10.2215
EOD
$p0s3 << EOD
1 23.3575 23.3575 23.3575
100 3.37798 3.37798 3.37798
1000 4.37487 4.37487 4.37487
EOD
$p0s4 << EOD
1 23.6612 23.6612 23.6612
100 3.39624 3.39624 3.39624
1000 4.41789 4.41789 4.41789
10000 6.4493 6.4493 6.4493
EOD
$p0s5 << EOD
1 22.4794 22.4794 22.4794
100 3.45942 3.45942 3.45942
1000 4.44041 4.44041 4.44041
10000 7.9717 7.9717 7.9717
EOD
$p0s6 << EOD
1 22.7486 22.7486 22.7486
100 3.63258 3.63258 3.63258
1000 4.37217 4.37217 4.37217
10000 8.05045 8.05045 8.05045
EOD
$p0s7 << EOD
1 23.217 23.217 23.217
100 3.68048 3.68048 3.68048
1000 4.55594 4.55594 4.55594
10000 8.27512 8.27512 8.27512
EOD
$p0s8 << EOD
1 22.6453 22.6453 22.6453
100 3.51104 3.51104 3.51104
1000 4.53041 4.53041 4.53041
10000 7.73286 7.73286 7.73286
EOD
$p0s9 << EOD
1 22.8432 22.8432 22.8432
100 3.85619 3.85619 3.85619
1000 4.58246 4.58246 4.58246
10000 7.90596 7.90596 7.90596
EOD
$p0s10 << EOD
1 23.1637 23.1637 23.1637
100 3.59698 3.59698 3.59698
1000 3.58779 3.58779 3.58779
10000 6.72553 6.72553 6.72553
EOD
$p0s11 << EOD
1 22.4203 22.4203 22.4203
100 3.89219 3.89219 3.89219
1000 4.91598 4.91598 4.91598
10000 8.69658 8.69658 8.69658
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
100 3.37798
100 3.45942
100 3.63258
100 3.68048
100 3.51104
100 3.85619
100 3.59698
1000 3.58779
10000 6.72553
100 3.89219
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: server CPU time per request vs connections"
set xlabel "concurrent connections (log scale)"
set ylabel "server CPU per request (µs, user+system)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:67.3092]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
