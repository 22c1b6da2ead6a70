# What idle connections cost the 8 active ones
# Redraw: gnuplot -e "set terminal svg" idle_active.gp > idle_active.svg
$p0s0 << EOD
1 91382.9 85673.6 97092.1
100 84949.9 82063.3 87836.5
1000 84712.8 80327.1 89098.5
10000 79577.9 75155.4 84000.5
EOD
$p0s1 << EOD
1 93608.6 89354 97863.3
100 85801.4 81611.1 89991.6
1000 84024 82698.3 85349.6
10000 82772.1 82222.3 83322
EOD
$p0s2 << EOD
1 95479.4 92399.9 98558.8
100 95033.7 92449.2 97618.2
1000 95624.9 94085.4 97164.4
10000 94421.9 92188.4 96655.3
EOD
$p0s3 << EOD
1 166031 158678 173384
100 106124 105393 106854
1000 23090.2 22489.1 23691.4
EOD
$p0s4 << EOD
1 157676 142290 173061
100 140651 124570 156732
1000 148599 142054 155144
10000 153965 150538 157392
EOD
$p0s5 << EOD
1 164110 154709 173510
100 129224 120681 137766
1000 148591 133136 164046
10000 138646 118891 158402
EOD
$p0s6 << EOD
1 146507 135647 157367
100 161213 155875 166551
1000 151784 149943 153624
10000 149980 138248 161711
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
1 8.92355 8.58215 9.26494
100 10.0044 9.76646 10.2423
1000 10.0163 9.5196 10.5131
10000 10.0918 9.84593 10.3377
EOD
$p1s1 << EOD
1 8.82662 8.45614 9.1971
100 9.63677 9.22854 10.045
1000 9.75728 9.63029 9.88428
10000 10.0066 9.89186 10.1214
EOD
$p1s2 << EOD
1 8.90218 8.62763 9.17674
100 8.98184 8.6491 9.31458
1000 8.70965 8.6796 8.7397
10000 8.73784 8.60945 8.86622
EOD
$p1s3 << EOD
1 4.62387 4.59703 4.65071
100 7.80311 7.69294 7.91328
1000 39.0761 37.8069 40.3454
EOD
$p1s4 << EOD
1 4.90452 4.65461 5.15443
100 5.59699 5.08643 6.10755
1000 5.24531 4.97543 5.5152
10000 4.65135 4.64378 4.65892
EOD
$p1s5 << EOD
1 4.69403 4.4956 4.89246
100 5.46738 5.05905 5.87571
1000 5.25803 4.9154 5.60066
10000 5.76634 4.92863 6.60405
EOD
$p1s6 << EOD
1 5.10679 4.57802 5.63555
100 4.85445 4.79712 4.91178
1000 5.04484 4.81337 5.27631
10000 4.90838 4.79718 5.01958
EOD
$p1r0 << EOD
10000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "What idle connections cost the 8 active ones" font ',13'
set title "throughput of the 8 active connections"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:260029]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "server CPU per request"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "server CPU per request (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:60.4631]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot
