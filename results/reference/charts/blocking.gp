# Event loops that block: sleeping 10 ms inside the loop (dashed) vs a timer (solid)
# Redraw: gnuplot -e "set terminal svg" blocking.gp > blocking.svg
$p0s0 << EOD
10 887.07 883.323 890.817
100 8244.26 8197.24 8291.27
EOD
$p0s1 << EOD
10 891.644 891.638 891.65
100 8226.34 8225.43 8227.25
EOD
$p0s2 << EOD
10 966.23 960.821 971.639
100 8975.57 8941.27 9009.86
EOD
$p0s3 << EOD
10 960.403 958.319 962.487
100 8560.33 8537.75 8582.92
EOD
$p0s4 << EOD
10 98.7485 98.331 99.166
100 98.3285 98.328 98.329
EOD
$p0s5 << EOD
10 98.332 98.332 98.332
100 98.33 98.328 98.332
EOD
$p0s6 << EOD
10 98.7485 98.332 99.165
100 98.33 98.33 98.33
EOD
$p0s7 << EOD
10 98.3305 98.329 98.332
100 97.912 97.496 98.328
EOD
$p1s0 << EOD
10 13.1809 11.8497 14.5121
100 13.6725 13.652 13.6929
EOD
$p1s1 << EOD
10 11.8579 11.7678 11.948
100 14.0493 14.0206 14.078
EOD
$p1s2 << EOD
10 12.4969 11.5302 13.4636
100 12.333 12.0136 12.6525
EOD
$p1s3 << EOD
10 11.1289 10.7766 11.4811
100 15.188 14.594 15.7819
EOD
$p1s4 << EOD
10 183.632 182.78 184.484
100 542.843 542.786 542.9
EOD
$p1s5 << EOD
10 183.108 182.911 183.304
100 554.667 553.386 555.948
EOD
$p1s6 << EOD
10 182.846 182.78 182.911
100 554.172 553.91 554.435
EOD
$p1s7 << EOD
10 102.564 102.4 102.728
100 913.18 656.671 1169.69
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
set yrange [32.4987:234382]
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
set yrange [3.5922:20941.2]
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
