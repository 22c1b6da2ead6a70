# Event loops that block: sleeping 10 ms inside the loop (dashed) vs a timer (solid)
# Redraw: gnuplot -e "set terminal svg" blocking.gp > blocking.svg
$p0s0 << EOD
10 859.901 858.197 861.606
100 8303.72 8274.91 8332.52
EOD
$p0s1 << EOD
10 854.01 849.937 858.082
100 8140.26 8096.69 8183.84
EOD
$p0s2 << EOD
10 936.986 933.198 940.775
100 8881.01 8843.57 8918.45
EOD
$p0s3 << EOD
10 916.617 916.606 916.628
100 8512.35 8414.51 8610.19
EOD
$p0s4 << EOD
10 96.241 95.82 96.662
100 95.41 94.992 95.828
EOD
$p0s5 << EOD
10 96.245 95.832 96.658
100 95.4 94.99 95.81
EOD
$p0s6 << EOD
10 97.0785 96.663 97.494
100 95.4095 94.99 95.829
EOD
$p0s7 << EOD
10 96.238 95.817 96.659
100 95.408 94.989 95.827
EOD
$p1s0 << EOD
10 13.054 12.3986 13.7093
100 13.9674 13.865 14.0698
EOD
$p1s1 << EOD
10 15.1839 15.1265 15.2412
100 15.6385 14.7251 16.5519
EOD
$p1s2 << EOD
10 13.054 12.3412 13.7667
100 14.8849 14.0861 15.6836
EOD
$p1s3 << EOD
10 14.6719 14.1763 15.1675
100 15.9355 13.4144 18.4566
EOD
$p1s4 << EOD
10 194.904 188.154 201.654
100 1088.81 585.368 1592.26
EOD
$p1s5 << EOD
10 188.416 187.761 189.071
100 592.446 584.319 600.572
EOD
$p1s6 << EOD
10 192.282 188.285 196.28
100 1061.81 537.657 1585.97
EOD
$p1s7 << EOD
10 108.232 106.791 109.674
100 1128.55 670.082 1587.02
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Event loops that block: sleeping 10 ms inside the loop (dashed) vs a timer (solid)" font ',13'
set title "throughput"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [5.5:104.5]
set yrange [31.663:234144]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     100 with lines lc rgb "#404040" dt 3 lw 1.5 title "one sleep at a time: 1 s / 10 ms = 100 req/s"
set title "p99 latency"
set xlabel "concurrent connections"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [5.5:104.5]
set yrange [4.11373:31072.6]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)"
unset multiplot
