# Serving a blocking 100 ms call: in the loop, in a pool of 4, or as a timer; and GET / beside it
# Redraw: gnuplot -e "set terminal svg" offload.gp > offload.svg
$p0s0 << EOD
40 386.492 386.492 386.492
EOD
$p0s1 << EOD
40 390.992 390.992 390.992
EOD
$p0s2 << EOD
40 390.491 390.491 390.491
EOD
$p0s3 << EOD
40 389.966 389.966 389.966
EOD
$p0s4 << EOD
40 383.473 383.473 383.473
EOD
$p0s5 << EOD
40 392.497 392.497 392.497
EOD
$p0s6 << EOD
40 389.971 389.971 389.971
EOD
$p0s7 << EOD
40 394.493 394.493 394.493
EOD
$p0s8 << EOD
40 389.474 389.474 389.474
EOD
$p1s0 << EOD
40 10 10 10
EOD
$p1s1 << EOD
40 9.5 9.5 9.5
EOD
$p1s2 << EOD
40 10 10 10
EOD
$p1s3 << EOD
40 9.999 9.999 9.999
EOD
$p1s4 << EOD
40 9.999 9.999 9.999
EOD
$p1s5 << EOD
40 10 10 10
EOD
$p1s6 << EOD
40 9.499 9.499 9.499
EOD
$p1s8 << EOD
40 10 10 10
EOD
$p2s0 << EOD
40 39.999 39.999 39.999
EOD
$p2s1 << EOD
40 39.999 39.999 39.999
EOD
$p2s2 << EOD
40 39.999 39.999 39.999
EOD
$p2s3 << EOD
40 39.999 39.999 39.999
EOD
$p2s4 << EOD
40 39.999 39.999 39.999
EOD
$p2s5 << EOD
40 39.997 39.997 39.997
EOD
$p2s6 << EOD
40 39.999 39.999 39.999
EOD
$p2s7 << EOD
40 39.999 39.999 39.999
EOD
$p2s8 << EOD
40 39.997 39.997 39.997
EOD
$p2s9 << EOD
40 39.998 39.998 39.998
EOD
$p3s0 << EOD
40 0.109343 0.109343 0.109343
EOD
$p3s1 << EOD
40 0.098079 0.098079 0.098079
EOD
$p3s2 << EOD
40 0.099487 0.099487 0.099487
EOD
$p3s3 << EOD
40 0.099935 0.099935 0.099935
EOD
$p3s4 << EOD
40 0.092255 0.092255 0.092255
EOD
$p3s5 << EOD
40 0.129567 0.129567 0.129567
EOD
$p3s6 << EOD
40 0.099231 0.099231 0.099231
EOD
$p3s7 << EOD
40 0.124191 0.124191 0.124191
EOD
$p3s8 << EOD
40 0.127583 0.127583 0.127583
EOD
$p5s0 << EOD
40 0.102431 0.102431 0.102431
EOD
$p5s1 << EOD
40 0.099871 0.099871 0.099871
EOD
$p5s2 << EOD
40 0.137535 0.137535 0.137535
EOD
$p5s3 << EOD
40 0.095711 0.095711 0.095711
EOD
$p5s4 << EOD
40 0.097887 0.097887 0.097887
EOD
$p5s5 << EOD
40 0.091679 0.091679 0.091679
EOD
$p5s6 << EOD
40 0.143935 0.143935 0.143935
EOD
$p5s7 << EOD
40 0.131391 0.131391 0.131391
EOD
$p5s8 << EOD
40 0.093279 0.093279 0.093279
EOD
$p5s9 << EOD
40 902.422 902.422 902.422
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
set xrange [39:41]
set yrange [4.7495:16885.8]
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
set xrange [39:41]
set yrange [4.7495:16885.8]
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
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 2 lw 2 ps 1.2 title "coroutines (blocking)", \
     10 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: one sleep at a time: 10 req/s"
set title "--offload: the sleep in 4 pool threads"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [39:41]
set yrange [4.7495:16885.8]
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
set xrange [39:41]
set yrange [0.0458395:4.03138e+06]
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
set xrange [39:41]
set yrange [0.0458395:4.03138e+06]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "no point at 40: not one GET / answered in the window" at graph 0.98, graph 0.04 right font ',9'
set label 2 "no measured data in this run" at graph 0.5, graph 0.5 center
set xrange [0:1]
set yrange [0:1]
unset logscale
plot NaN notitle
set title "GET / beside them (offload)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [39:41]
set yrange [0.0458395:4.03138e+06]
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
