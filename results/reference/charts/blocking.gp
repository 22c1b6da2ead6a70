# Event loops that block: sleeping 10 ms inside the loop (dashed) vs a timer (solid)
# Redraw: gnuplot -e "set terminal svg" blocking.gp > blocking.svg
$p0s0 << EOD
10 847.022 841.588 852.455
100 8308.26 8273.6 8342.92
EOD
$p0s1 << EOD
10 834.063 824.825 843.302
100 8100.19 8094.28 8106.11
EOD
$p0s2 << EOD
10 907.86 907.44 908.279
100 8825.12 8817.84 8832.4
EOD
$p0s3 << EOD
10 899.942 891.611 908.274
100 8387.5 8333.76 8441.24
EOD
$p0s4 << EOD
10 95.412 94.996 95.828
100 94.1485 93.303 94.994
EOD
$p0s5 << EOD
10 94.994 94.16 95.828
100 95.403 94.976 95.83
EOD
$p0s6 << EOD
10 93.9605 92.929 94.992
100 94.161 93.328 94.994
EOD
$p0s7 << EOD
10 94.996 94.163 95.829
100 94.9795 94.151 95.808
EOD
$p1s0 << EOD
10 14.4179 13.6028 15.233
100 15.8085 14.5203 17.0967
EOD
$p1s1 << EOD
10 17.0004 14.5613 19.4396
100 16.3697 15.5771 17.1622
EOD
$p1s2 << EOD
10 15.6385 15.0282 16.2488
100 14.6022 13.6438 15.5607
EOD
$p1s3 << EOD
10 16.5048 15.6344 17.3752
100 16.4127 16.1423 16.683
EOD
$p1s4 << EOD
10 199.623 198.64 200.606
100 611.058 587.989 634.126
EOD
$p1s5 << EOD
10 205.062 198.509 211.616
100 581.698 578.552 584.843
EOD
$p1s6 << EOD
10 198.508 194.314 202.703
100 1124.47 661.914 1587.02
EOD
$p1s7 << EOD
10 111.838 109.937 113.738
100 678.166 672.924 683.409
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
set yrange [30.9763:233534]
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
set yrange [4.53427:29454.7]
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
