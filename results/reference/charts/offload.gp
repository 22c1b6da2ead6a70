# Serving a blocking 100 ms call: in the loop, in a pool of 4, or as a timer; and GET / beside it
# Redraw: gnuplot -e "set terminal svg" offload.gp > offload.svg
$p0s0 << EOD
10 99.995 99.994 99.996
40 394.65 394.134 395.167
160 1551.51 1551.34 1551.67
EOD
$p0s1 << EOD
10 99.995 99.994 99.996
40 394.133 393.787 394.479
160 1552.2 1552.03 1552.37
EOD
$p0s2 << EOD
10 98.787 98.269 99.305
40 392.238 388.271 396.205
160 1595.34 1595.17 1595.51
EOD
$p0s3 << EOD
10 99.3055 98.96 99.651
40 388.09 386.893 389.287
160 1589.3 1587.92 1590.67
EOD
$p1s0 << EOD
10 9.655 9.655 9.655
40 9.8275 9.655 10
160 10 10 10
EOD
$p1s1 << EOD
10 9.6545 9.654 9.655
40 9.8275 9.655 10
160 10 10 10
EOD
$p1s2 << EOD
10 9.827 9.654 10
40 9.655 9.655 9.655
160 10 10 10
EOD
$p1s3 << EOD
10 9.6545 9.654 9.655
40 9.655 9.655 9.655
160 9.9995 9.999 10
EOD
$p2s0 << EOD
10 38.6185 38.618 38.619
40 39.9995 39.999 40
160 39.999 39.999 39.999
EOD
$p2s1 << EOD
10 39.4805 38.964 39.997
40 40 40 40
160 39.999 39.999 39.999
EOD
$p2s2 << EOD
10 39.3075 38.618 39.997
40 39.9995 39.999 40
160 39.999 39.999 39.999
EOD
$p2s3 << EOD
10 39.6525 39.308 39.997
40 39.9995 39.999 40
160 39.999 39.999 39.999
EOD
$p2s4 << EOD
10 39.308 38.618 39.998
40 39.3095 38.62 39.999
160 39.999 39.999 39.999
EOD
$p3s0 << EOD
10 0.053743 0.047151 0.060335
40 0.048703 0.042479 0.054927
160 0.061719 0.057167 0.066271
EOD
$p3s1 << EOD
10 0.045615 0.039023 0.052207
40 0.049375 0.038191 0.060559
160 0.065079 0.062799 0.067359
EOD
$p3s2 << EOD
10 0.051823 0.039503 0.064143
40 0.054007 0.040463 0.067551
160 0.063143 0.058095 0.068191
EOD
$p3s3 << EOD
10 0.045263 0.041263 0.049263
40 0.054455 0.041359 0.067551
160 0.046751 0.043087 0.050415
EOD
$p4s0 << EOD
10 1002.6 1002.5 1002.7
EOD
$p4s1 << EOD
10 1002.18 1002.18 1002.18
160 250.638 250.638 501.277
EOD
$p4s2 << EOD
10 501.09 501.09 1002.18
EOD
$p4s3 << EOD
10 1002.18 1001.65 1002.7
EOD
$p5s0 << EOD
10 0.055647 0.051023 0.060271
40 0.048287 0.038511 0.058063
160 0.064871 0.049391 0.080351
EOD
$p5s1 << EOD
10 0.052047 0.042383 0.061711
40 0.052703 0.047343 0.058063
160 0.046671 0.041007 0.052335
EOD
$p5s2 << EOD
10 0.049775 0.043887 0.055663
40 0.053775 0.044335 0.063215
160 0.043711 0.037711 0.049711
EOD
$p5s3 << EOD
10 0.053431 0.037967 0.068895
40 0.054783 0.045263 0.064303
160 0.041023 0.038799 0.043247
EOD
$p5s4 << EOD
10 200.561 200.546 200.576
40 1001.92 1001.65 1002.18
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
set xrange [2.5:167.5]
set yrange [4.827:47865.3]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select (timer)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (timer)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv (timer)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev (timer)", \
     x/0.1 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: connections / 100 ms"
set title "--blocking: the sleep inside the loop"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [2.5:167.5]
set yrange [4.827:47865.3]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)", \
     10 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: one sleep at a time: 10 req/s"
set title "--offload: the sleep in 4 pool threads"
set xlabel "connections waiting on /delay"
set ylabel "/delay throughput (requests/s, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [2.5:167.5]
set yrange [4.827:47865.3]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 3 lw 2 ps 1.2 title "select (offload)", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll (offload)", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv (offload)", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 3 lw 2 ps 1.2 title "libev (offload)", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)", \
     40 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: 4 workers / 100 ms = 40 req/s"
set title "GET / beside them (timer)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [2.5:167.5]
set yrange [0.0188555:30081]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select (timer)", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (timer)", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv (timer)", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev (timer)"
set title "GET / beside them (blocking)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [2.5:167.5]
set yrange [0.0188555:30081]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 2 lw 2 ps 1.2 title "select (blocking)", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll (blocking)", \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv (blocking)", \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 2 lw 2 ps 1.2 title "libev (blocking)"
set title "GET / beside them (offload)"
set xlabel "connections waiting on /delay"
set ylabel "GET / p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [2.5:167.5]
set yrange [0.0188555:30081]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 3 lw 2 ps 1.2 title "select (offload)", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll (offload)", \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv (offload)", \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 3 lw 2 ps 1.2 title "libev (offload)", \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)"
unset multiplot
