# HTTP GET /: throughput vs concurrent connections (closed loop)
# Redraw: gnuplot -e "set terminal svg" hello_throughput.gp > hello_throughput.svg
$p0s0 << EOD
1 42308.1 41734.7 42881.4
10 87773.4 86561.5 88985.4
100 80910.5 79641.1 82179.8
1000 60184.6 59630.3 60738.9
10000 51983.9 50057.1 53910.8
EOD
$p0s1 << EOD
1 31335.6 30515.7 32155.5
10 66586.6 66357.4 66815.8
100 69160.1 68687.5 69632.8
1000 63612.1 60940.1 66284.1
10000 66967.6 65292.1 68643
EOD
$p0s2 << EOD
1 42205.6 41928.8 42482.3
10 140078 138573 141583
100 147240 145911 148569
1000 129995 126967 133023
EOD
$p0s3 << EOD
1 42640.5 42554.8 42726.2
10 142049 141446 142652
100 144498 144232 144763
1000 122025 116326 127724
10000 92655.2 87669.2 97641.2
EOD
$p0s4 << EOD
1 42641.6 42224.4 43058.8
10 138728 136641 140815
100 140692 140291 141094
1000 97566.1 72654.3 122478
10000 82220.5 74465.2 89975.8
EOD
$p0s5 << EOD
1 42141.9 41950.5 42333.3
10 141320 141313 141326
100 142398 140731 144066
1000 116600 104005 129195
10000 87115.2 85827.9 88402.5
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
10 140078
100 147240
1000 129995
10 142049
100 144498
1000 122025
10 138728
100 140692
1000 97566.1
10 141320
100 142398
1000 116600
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: throughput vs concurrent connections (closed loop)"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:222651]
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
