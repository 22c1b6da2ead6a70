# No async driver, in Python: asyncio with psycopg2 inline, in an executor, or asyncpg; threads, gevent, Twisted; C epoll as the yardstick
# Redraw: gnuplot -e "set terminal svg" pydriver.gp > pydriver.svg
$p0s0 << EOD
16 1560.53 1560.53 1560.53
100 1581.08 1581.08 1581.08
EOD
$p1s0 << EOD
16 0.128607 0.128607 0.128607
100 0.103711 0.103711 0.103711
EOD
$p2s0 << EOD
100 46247 46247 46247
EOD
$p3s0 << EOD
100 1.70547 1.70547 1.70547
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,2 title "No async driver, in Python: asyncio with psycopg2 inline, in an executor, or asyncpg; threads, gevent, Twisted; C epoll as the yardstick" font ',13'
set title "GET /dbsleep?ms=10: a query that waits"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [10:160]
set yrange [520.177:3154.67]
set xtics ("16" 16, "100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)", \
     100 with lines lc rgb "#404040" dt 2 lw 1.5 title "one query at a time: 100 req/s", \
     (x<4?x:4)/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "executor cap: 4 threads / 10 ms", \
     (x<16?x:16)/0.01 with lines lc rgb "#404040" dt 4 lw 1.5 title "pool cap: 16 connections / 10 ms"
set title "GET / beside the waiting query"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [10:160]
set yrange [0.0345703:0.256605]
set xtics ("16" 16, "100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)"
set title "GET /db: one quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [62.5:160]
set yrange [15415.7:92274.9]
set xtics ("100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)"
set title "GET / beside the quick query"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:160]
set yrange [0.56849:3.40286]
set xtics ("100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)"
unset multiplot
