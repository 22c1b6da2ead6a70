# Serving a blocking 100 ms call: in the loop, in a pool of 4, or as a timer; and GET / beside it
# Redraw: gnuplot -e "set terminal svg" offload.gp > offload.svg
$p0s0 << EOD
10 99.994 99.994 99.994
40 388.993 388.993 388.993
EOD
$p0s1 << EOD
10 99.992 99.992 99.992
40 390.496 390.496 390.496
EOD
$p0s2 << EOD
10 99.994 99.994 99.994
40 387.994 387.994 387.994
EOD
$p0s3 << EOD
10 99.99 99.99 99.99
40 385.995 385.995 385.995
EOD
$p0s4 << EOD
10 95.993 95.993 95.993
40 380.991 380.991 380.991
EOD
$p0s5 << EOD
10 95.993 95.993 95.993
40 396.997 396.997 396.997
EOD
$p0s6 << EOD
10 99.994 99.994 99.994
40 388.995 388.995 388.995
EOD
$p0s7 << EOD
10 95.993 95.993 95.993
40 382.49 382.49 382.49
EOD
$p0s8 << EOD
10 99.994 99.994 99.994
40 386.987 386.987 386.987
EOD
$p1s0 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s1 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s2 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s3 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s4 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s5 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s6 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p1s7 << EOD
10 9.499 9.499 9.499
EOD
$p1s8 << EOD
10 9.499 9.499 9.499
40 10 10 10
EOD
$p2s0 << EOD
10 38.997 38.997 38.997
40 39.999 39.999 39.999
EOD
$p2s1 << EOD
10 38.497 38.497 38.497
40 40 40 40
EOD
$p2s2 << EOD
10 38.498 38.498 38.498
40 39.999 39.999 39.999
EOD
$p2s3 << EOD
10 38.997 38.997 38.997
40 39.999 39.999 39.999
EOD
$p2s4 << EOD
10 38.497 38.497 38.497
40 39.999 39.999 39.999
EOD
$p2s5 << EOD
10 37.997 37.997 37.997
40 39.999 39.999 39.999
EOD
$p2s6 << EOD
10 37.997 37.997 37.997
40 40 40 40
EOD
$p2s7 << EOD
10 37.998 37.998 37.998
40 39.999 39.999 39.999
EOD
$p2s8 << EOD
10 37.997 37.997 37.997
40 39.999 39.999 39.999
EOD
$p2s9 << EOD
10 38.997 38.997 38.997
40 39.999 39.999 39.999
EOD
$p3s0 << EOD
10 0.034127 0.034127 0.034127
40 0.036111 0.036111 0.036111
EOD
$p3s1 << EOD
10 0.035727 0.035727 0.035727
40 0.034895 0.034895 0.034895
EOD
$p3s2 << EOD
10 0.033775 0.033775 0.033775
40 0.035151 0.035151 0.035151
EOD
$p3s3 << EOD
10 0.035375 0.035375 0.035375
40 0.037807 0.037807 0.037807
EOD
$p3s4 << EOD
10 0.033423 0.033423 0.033423
40 0.037551 0.037551 0.037551
EOD
$p3s5 << EOD
10 0.033455 0.033455 0.033455
40 0.034991 0.034991 0.034991
EOD
$p3s6 << EOD
10 0.038319 0.038319 0.038319
40 0.034031 0.034031 0.034031
EOD
$p3s7 << EOD
10 0.034959 0.034959 0.034959
40 0.035119 0.035119 0.035119
EOD
$p3s8 << EOD
10 0.034447 0.034447 0.034447
40 0.035279 0.035279 0.035279
EOD
$p4s0 << EOD
10 1001.54 1001.54 1001.54
EOD
$p4s1 << EOD
10 1002.08 1002.08 1002.08
EOD
$p4s2 << EOD
10 1001.66 1001.66 1001.66
EOD
$p4s3 << EOD
10 1001.82 1001.82 1001.82
EOD
$p4s4 << EOD
10 1001.95 1001.95 1001.95
EOD
$p4s5 << EOD
10 1002.12 1002.12 1002.12
EOD
$p4s6 << EOD
10 1001.75 1001.75 1001.75
EOD
$p4s7 << EOD
10 1101.53 1101.53 1101.53
EOD
$p4s8 << EOD
10 1002.05 1002.05 1002.05
EOD
$p5s0 << EOD
10 0.035727 0.035727 0.035727
40 0.035599 0.035599 0.035599
EOD
$p5s1 << EOD
10 0.037103 0.037103 0.037103
40 0.034351 0.034351 0.034351
EOD
$p5s2 << EOD
10 0.034991 0.034991 0.034991
40 0.039919 0.039919 0.039919
EOD
$p5s3 << EOD
10 0.038607 0.038607 0.038607
40 0.034511 0.034511 0.034511
EOD
$p5s4 << EOD
10 0.034031 0.034031 0.034031
40 0.034255 0.034255 0.034255
EOD
$p5s5 << EOD
10 0.035727 0.035727 0.035727
40 0.034383 0.034383 0.034383
EOD
$p5s6 << EOD
10 0.036015 0.036015 0.036015
40 0.040783 0.040783 0.040783
EOD
$p5s7 << EOD
10 0.034799 0.034799 0.034799
40 0.034735 0.034735 0.034735
EOD
$p5s8 << EOD
10 0.034575 0.034575 0.034575
40 0.037551 0.037551 0.037551
EOD
$p5s9 << EOD
10 200.344 200.344 200.344
40 901.778 901.778 901.778
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "Serving a blocking 100 ms call: in the loop, in a pool of 4, or as a timer; and GET / beside it" font ',13'
set title "a timer in the loop"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [4.7495:17084.6]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select (timer)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll (timer)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (timer)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core (timer)", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev (timer)", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent (timer)", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv (timer)", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring (timer)", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines (timer)", \
     x/0.1 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: connections / 100 ms"
set title "--blocking: the sleep inside the loop"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [4.7495:17084.6]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 2 lw 2 ps 1.2 title "poll (blocking)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 2 lw 2 ps 1.2 title "epoll-per-core (blocking)", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 2 lw 2 ps 1.2 title "libevent (blocking)", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 2 lw 2 ps 1.2 title "io-uring (blocking)", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 2 lw 2 ps 1.2 title "coroutines (blocking)", \
     10 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: one sleep at a time: 10 req/s"
set title "--offload: the sleep in 4 pool threads"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [4.7495:17084.6]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 3 lw 2 ps 1.2 title "select (offload)", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 3 lw 2 ps 1.2 title "poll (offload)", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll (offload)", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 3 lw 2 ps 1.2 title "epoll-per-core (offload)", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 3 lw 2 ps 1.2 title "libev (offload)", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 3 lw 2 ps 1.2 title "libevent (offload)", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv (offload)", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 3 lw 2 ps 1.2 title "io-uring (offload)", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 3 lw 2 ps 1.2 title "coroutines (offload)", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)", \
     40 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: 4 workers / 100 ms = 40 req/s"
set title "GET / beside them (timer)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [0.0167115:1.37445e+07]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select (timer)", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll (timer)", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (timer)", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core (timer)", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev (timer)", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent (timer)", \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv (timer)", \
     $p3s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring (timer)", \
     $p3s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines (timer)"
set title "GET / beside them (blocking)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [0.0167115:1.37445e+07]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "no point at 40: not one GET / answered in the window" at graph 0.98, graph 0.04 right font ',9'
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 2 lw 2 ps 1.2 title "poll (blocking)", \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 2 lw 2 ps 1.2 title "epoll-per-core (blocking)", \
     $p4s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     $p4s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 2 lw 2 ps 1.2 title "libevent (blocking)", \
     $p4s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p4s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 2 lw 2 ps 1.2 title "io-uring (blocking)", \
     $p4s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 2 lw 2 ps 1.2 title "coroutines (blocking)"
set title "GET / beside them (offload)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [8.5:41.5]
set yrange [0.0167115:1.37445e+07]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 3 lw 2 ps 1.2 title "select (offload)", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 3 lw 2 ps 1.2 title "poll (offload)", \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll (offload)", \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 3 lw 2 ps 1.2 title "epoll-per-core (offload)", \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 3 lw 2 ps 1.2 title "libev (offload)", \
     $p5s5 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 3 lw 2 ps 1.2 title "libevent (offload)", \
     $p5s6 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv (offload)", \
     $p5s7 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 3 lw 2 ps 1.2 title "io-uring (offload)", \
     $p5s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 3 lw 2 ps 1.2 title "coroutines (offload)", \
     $p5s9 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)"
unset multiplot
