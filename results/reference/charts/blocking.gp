# Event loops that block: sleeping 10 ms inside the loop (dashed) vs a timer (solid)
# Redraw: gnuplot -e "set terminal svg" blocking.gp > blocking.svg
$p0s0 << EOD
100 8746.89 8746.89 8746.89
EOD
$p0s1 << EOD
100 8845.62 8845.62 8845.62
EOD
$p0s2 << EOD
100 8724.92 8724.92 8724.92
EOD
$p0s3 << EOD
100 8699.65 8699.65 8699.65
EOD
$p0s4 << EOD
100 9214.63 9214.63 9214.63
EOD
$p0s5 << EOD
100 9850.68 9850.68 9850.68
EOD
$p0s6 << EOD
100 8807.7 8807.7 8807.7
EOD
$p0s7 << EOD
100 9745.44 9745.44 9745.44
EOD
$p0s8 << EOD
100 8599.7 8599.7 8599.7
EOD
$p0s9 << EOD
100 98.997 98.997 98.997
EOD
$p0s10 << EOD
100 98.996 98.996 98.996
EOD
$p0s11 << EOD
100 98.997 98.997 98.997
EOD
$p0s12 << EOD
100 98.997 98.997 98.997
EOD
$p0s13 << EOD
100 98.996 98.996 98.996
EOD
$p0s14 << EOD
100 98.997 98.997 98.997
EOD
$p0s15 << EOD
100 98.994 98.994 98.994
EOD
$p0s16 << EOD
100 51.996 51.996 51.996
EOD
$p0s17 << EOD
100 98.994 98.994 98.994
EOD
$p1s0 << EOD
100 12.3576 12.3576 12.3576
EOD
$p1s1 << EOD
100 12.2593 12.2593 12.2593
EOD
$p1s2 << EOD
100 12.1774 12.1774 12.1774
EOD
$p1s3 << EOD
100 13.013 13.013 13.013
EOD
$p1s4 << EOD
100 11.2845 11.2845 11.2845
EOD
$p1s5 << EOD
100 10.2687 10.2687 10.2687
EOD
$p1s6 << EOD
100 12.2266 12.2266 12.2266
EOD
$p1s7 << EOD
100 10.7438 10.7438 10.7438
EOD
$p1s8 << EOD
100 12.6198 12.6198 12.6198
EOD
$p1s9 << EOD
100 527.565 527.565 527.565
EOD
$p1s10 << EOD
100 527.565 527.565 527.565
EOD
$p1s11 << EOD
100 527.529 527.529 527.529
EOD
$p1s12 << EOD
100 527.775 527.775 527.775
EOD
$p1s13 << EOD
100 1165.49 1165.49 1165.49
EOD
$p1s14 << EOD
100 851.56 851.56 851.56
EOD
$p1s15 << EOD
100 527.469 527.469 527.469
EOD
$p1s16 << EOD
100 547.931 547.931 547.931
EOD
$p1s17 << EOD
100 537.598 537.598 537.598
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
set xrange [99:101]
set yrange [17.332:1.33473e+08]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 2 lw 2 ps 1.2 title "poll (blocking)", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 2 lw 2 ps 1.2 title "epoll-per-core (blocking)", \
     $p0s13 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     $p0s14 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 2 lw 2 ps 1.2 title "libevent (blocking)", \
     $p0s15 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p0s16 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 2 lw 2 ps 1.2 title "io-uring (blocking)", \
     $p0s17 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 2 lw 2 ps 1.2 title "coroutines (blocking)", \
     100 with lines lc rgb "#404040" dt 3 lw 1.5 title "one sleep at a time: 1 s / 10 ms = 100 req/s"
set title "p99 latency"
set xlabel "concurrent connections"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [99:101]
set yrange [3.4229:7.32285e+06]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 2 lw 2 ps 1.2 title "poll (blocking)", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 2 lw 2 ps 1.2 title "epoll-per-core (blocking)", \
     $p1s13 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     $p1s14 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 2 lw 2 ps 1.2 title "libevent (blocking)", \
     $p1s15 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p1s16 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 2 lw 2 ps 1.2 title "io-uring (blocking)", \
     $p1s17 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 2 lw 2 ps 1.2 title "coroutines (blocking)"
unset multiplot
