# HTTP GET /: throughput vs concurrent connections (closed loop)
# Redraw: gnuplot -e "set terminal svg" hello_throughput.gp > hello_throughput.svg
$p0s0 << EOD
1 41437.8 41437.8 41437.8
100 72603.5 72603.5 72603.5
1000 66255.6 66255.6 66255.6
10000 56854.2 56854.2 56854.2
EOD
$p0s1 << EOD
1 38940.8 38940.8 38940.8
100 81324 81324 81324
1000 64671.8 64671.8 64671.8
10000 58724.1 58724.1 58724.1
EOD
$p0s2 << EOD
1 31117.7 31117.7 31117.7
100 62406.8 62406.8 62406.8
1000 63946.4 63946.4 63946.4
10000 60094.8 60094.8 60094.8
EOD
$p0s3 << EOD
1 32130.8 32130.8 32130.8
100 146321 146321 146321
1000 137703 137703 137703
EOD
$p0s4 << EOD
1 27261.4 27261.4 27261.4
100 148353 148353 148353
1000 132462 132462 132462
10000 83781.4 83781.4 83781.4
EOD
$p0s5 << EOD
1 29548.8 29548.8 29548.8
100 143444 143444 143444
1000 122282 122282 122282
10000 98219.8 98219.8 98219.8
EOD
$p0s6 << EOD
1 35167.5 35167.5 35167.5
100 144238 144238 144238
1000 133269 133269 133269
10000 93732.7 93732.7 93732.7
EOD
$p0s7 << EOD
1 40619.4 40619.4 40619.4
100 144397 144397 144397
1000 132136 132136 132136
10000 76860.6 76860.6 76860.6
EOD
$p0s8 << EOD
1 40083.6 40083.6 40083.6
100 139450 139450 139450
1000 131322 131322 131322
10000 66423.2 66423.2 66423.2
EOD
$p0s9 << EOD
1 41624.8 41624.8 41624.8
100 84867.2 84867.2 84867.2
1000 128050 128050 128050
10000 91192.3 91192.3 91192.3
EOD
$p0s10 << EOD
1 42888.6 42888.6 42888.6
100 147361 147361 147361
1000 135446 135446 135446
10000 74796.1 74796.1 74796.1
EOD
$p0s11 << EOD
1 33366.8 33366.8 33366.8
100 143561 143561 143561
1000 122542 122542 122542
10000 90378.3 90378.3 90378.3
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
100 146321
1000 137703
100 148353
1000 132462
100 143444
100 144238
1000 133269
100 144397
1000 132136
100 139450
1000 131322
1000 128050
100 147361
1000 135446
100 143561
1000 122542
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
set yrange [0:320606]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
