# No async driver: the database called from an event loop (async, inline, offloaded) and from threads; GET / beside it
# Redraw: gnuplot -e "set terminal svg" driver.gp > driver.svg
$p0s0 << EOD
8 394.434 394.434 394.434
32 395.549 395.549 395.549
EOD
$p0s1 << EOD
8 394.988 394.988 394.988
32 395.548 395.548 395.548
EOD
$p1s0 << EOD
8 98.331 98.331 98.331
32 98.887 98.887 98.887
EOD
$p1s1 << EOD
8 98.331 98.331 98.331
32 98.331 98.331 98.331
EOD
$p2s0 << EOD
8 393.325 393.325 393.325
32 393.325 393.325 393.325
EOD
$p2s1 << EOD
8 391.1 391.1 391.1
32 392.213 392.213 392.213
EOD
$p3s0 << EOD
8 392.774 392.774 392.774
32 391.657 391.657 391.657
EOD
$p3s1 << EOD
8 392.768 392.768 392.768
32 392.771 392.771 392.771
EOD
$p4s0 << EOD
8 0.092767 0.092767 0.092767
32 0.089567 0.089567 0.089567
EOD
$p4s1 << EOD
8 0.125919 0.125919 0.125919
32 0.097631 0.097631 0.097631
EOD
$p5s0 << EOD
8 81.2311 81.2311 81.2311
32 325.865 325.865 325.865
EOD
$p5s1 << EOD
8 152.308 152.308 152.308
32 326.238 326.238 326.238
EOD
$p6s0 << EOD
8 0.099423 0.099423 0.099423
32 0.121247 0.121247 0.121247
EOD
$p6s1 << EOD
8 0.133311 0.133311 0.133311
32 0.096351 0.096351 0.096351
EOD
$p7s0 << EOD
8 0.124895 0.124895 0.124895
32 0.148287 0.148287 0.148287
EOD
$p7s1 << EOD
8 20.062 20.062 20.062
32 80.17 80.17 80.17
EOD
$p8s0 << EOD
32 50981.5 50981.5 50981.5
EOD
$p8s1 << EOD
32 49233.4 49233.4 49233.4
EOD
$p9s0 << EOD
32 38963.5 38963.5 38963.5
EOD
$p9s1 << EOD
32 39391.7 39391.7 39391.7
EOD
$p10s0 << EOD
32 37819.8 37819.8 37819.8
EOD
$p10s1 << EOD
32 39775.3 39775.3 39775.3
EOD
$p11s0 << EOD
32 26248.1 26248.1 26248.1
EOD
$p11s1 << EOD
32 35296 35296 35296
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 3,4 title "No async driver: the database called from an event loop (async, inline, offloaded) and from threads; GET / beside it" font ',13'
set title "async libpq: GET /dbsleep?ms=10"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [49.1655:2644.05]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     (x<4?x:4)/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: min(connections, 4 database connections) / 10 ms"
set title "--blocking: libpq inline: GET /dbsleep?ms=10"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [49.1655:2644.05]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv", \
     100 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: one query at a time = 100 req/s"
set title "--offload: libpq in 4 threads: GET /dbsleep?ms=10"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [49.1655:2644.05]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv", \
     (x<4?x:4)/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: min(connections, 4 workers) / 10 ms"
set title "threads block on libpq: GET /dbsleep?ms=10"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [49.1655:2644.05]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)", \
     (x<4?x:4)/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "predicted: min(connections, 4) / 10 ms"
set title "async libpq: GET / beside it"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [0.0447835:129637]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv"
set title "--blocking: libpq inline: GET / beside it"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [0.0447835:129637]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv", \
     x*10 with lines lc rgb "#404040" dt 3 lw 1.5 title "one round of queries: connections x 10 ms"
set title "--offload: libpq in 4 threads: GET / beside it"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [0.0447835:129637]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p6s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll", \
     $p6s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv"
set title "threads block on libpq: GET / beside it"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [5:51.2]
set yrange [0.0447835:129637]
set xtics ("8" 8, "32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p7s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p7s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)"
set title "async libpq: GET /db, a quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [20:51.2]
set yrange [13124:220174]
set xtics ("32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p8s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p8s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv"
set title "--blocking: libpq inline: GET /db, a quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [20:51.2]
set yrange [13124:220174]
set xtics ("32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p9s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 2 lw 2 ps 1.2 title "epoll", \
     $p9s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 2 lw 2 ps 1.2 title "libuv"
set title "--offload: libpq in 4 threads: GET /db, a quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [20:51.2]
set yrange [13124:220174]
set xtics ("32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p10s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 3 lw 2 ps 1.2 title "epoll", \
     $p10s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 3 lw 2 ps 1.2 title "libuv"
set title "threads block on libpq: GET /db, a quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [20:51.2]
set yrange [13124:220174]
set xtics ("32" 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p11s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p11s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (4 workers)"
unset multiplot
