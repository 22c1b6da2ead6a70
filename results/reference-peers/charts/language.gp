# What the language costs: server CPU per request, Python peers against our C models of the same kind
# Redraw: gnuplot -e "set terminal svg" language.gp > language.svg
$p0s0 << EOD
1 11.8576 11.8576 11.8576
EOD
$p0s1 << EOD
2 132.992 132.992 132.992
EOD
$p0s2 << EOD
3 64.6739 64.6739 64.6739
EOD
$p0s3 << EOD
4 8.62214 8.62214 8.62214
EOD
$p0s4 << EOD
5 3.79478 3.79478 3.79478
EOD
$p0s5 << EOD
6.6 25.8446 25.8446 25.8446
EOD
$p0s6 << EOD
7.6 4.01027 4.01027 4.01027
EOD
$p0s7 << EOD
9.2 49.0479 49.0479 49.0479
EOD
$p0s8 << EOD
10.2 6.56911 6.56911 6.56911
EOD
$p0s9 << EOD
11.8 3.96842 3.96842 3.96842
EOD
$p0s10 << EOD
12.8 3.75219 3.75219 3.75219
EOD
$p0s11 << EOD
13.8 8.21948 8.21948 8.21948
EOD
$p0s12 << EOD
14.8 6.3749 6.3749 6.3749
EOD
$p1s0 << EOD
1 3.12471 0 3.12471
EOD
$p1s1 << EOD
2 6.4446 0 6.4446
EOD
$p1s2 << EOD
3 7.46645 0 7.46645
EOD
$p1s3 << EOD
4 35.046 0 35.046
EOD
$p1s4 << EOD
5 17.0429 0 17.0429
EOD
$p1s5 << EOD
6 2.27211 0 2.27211
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "What the language costs: server CPU per request, Python peers against our C models of the same kind" font ',13'
set title "server CPU per request, GET / at 50 connections"
set xlabel "model (Python peers, then our C model of the same kind)"
set ylabel "server CPU per request (µs, user+system, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.31:15.49]
set yrange [1.8761:265.984]
set xtics ("py-asyncio" 1, "py-tornado" 2, "py-twisted" 3, "py-uvloop" 4, "epoll (C)" 5, "py-gevent" 6.6, "coroutines (C)" 7.6, "py-threads" 9.2, "thread-per-conn (C)" 10.2, "epoll-per-core (C)" 11.8, "io-uring (C)" 12.8, "process-per-conn (C)" 13.8, "thread-pool (C)" 14.8) rotate by -30 left
set key off Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "server pinned to one core" at graph 0.98, graph 0.04 right font ',9'
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 2 notitle, \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#a67c2e" pt 8 dt 1 lw 2 ps 2 notitle, \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 2 notitle, \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#f2c14e" pt 3 dt 1 lw 2 ps 2 notitle, \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 2 notitle, \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 2 notitle, \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 2 notitle, \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 2 notitle, \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 2 notitle, \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 2 notitle, \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 2 notitle, \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 2 notitle, \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 2 notitle
set title "the language: Python peer / C model of its kind"
set xlabel "Python peer / its C reference"
set ylabel "CPU per request, ratio (x)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [0.75:6.25]
set yrange [0:47.3121]
set xtics ("py-asyncio / epoll" 1, "py-gevent / coroutines" 2, "py-threads / thread-per-conn" 3, "py-tornado / epoll" 4, "py-twisted / epoll" 5, "py-uvloop / epoll" 6) rotate by -30 left
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 2 notitle, \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 2 notitle, \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 2 notitle, \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#a67c2e" pt 8 dt 1 lw 2 ps 2 notitle, \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 2 notitle, \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#f2c14e" pt 3 dt 1 lw 2 ps 2 notitle, \
     2.19058 with lines lc rgb "#404040" dt 2 lw 1.5 title "the model: largest C ratio, process-per-conn / io-uring = 2.2x"
unset multiplot
