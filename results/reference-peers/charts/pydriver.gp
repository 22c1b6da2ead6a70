# No async driver, in Python: asyncio with psycopg2 inline, in an executor, or asyncpg; threads, gevent, Twisted; C epoll as the yardstick
# Redraw: gnuplot -e "set terminal svg" pydriver.gp > pydriver.svg
$p0s0 << EOD
16 1537.15 1537.15 1537.15
100 1580.73 1580.73 1580.73
EOD
$p0s1 << EOD
16 1496.66 1496.66 1496.66
100 1498.87 1498.87 1498.87
EOD
$p0s2 << EOD
16 96.664 96.664 96.664
100 97.773 97.773 97.773
EOD
$p0s3 << EOD
16 386.654 386.654 386.654
100 387.21 387.21 387.21
EOD
$p0s4 << EOD
16 1536.62 1536.62 1536.62
100 1517.2 1517.2 1517.2
EOD
$p0s5 << EOD
16 1523.86 1523.86 1523.86
100 1536.08 1536.08 1536.08
EOD
$p0s6 << EOD
16 1476.64 1476.64 1476.64
100 1546.64 1546.64 1546.64
EOD
$p1s0 << EOD
16 1.28256 1.28256 1.28256
100 0.116831 0.116831 0.116831
EOD
$p1s1 << EOD
16 0.288895 0.288895 0.288895
100 1.66451 1.66451 1.66451
EOD
$p1s2 << EOD
16 165.445 165.445 165.445
100 1027.41 1027.41 1027.41
EOD
$p1s3 << EOD
16 0.196159 0.196159 0.196159
100 1.73824 1.73824 1.73824
EOD
$p1s4 << EOD
16 0.186303 0.186303 0.186303
100 1.67373 1.67373 1.67373
EOD
$p1s5 << EOD
16 0.265855 0.265855 0.265855
100 0.994559 0.994559 0.994559
EOD
$p1s6 << EOD
16 0.637695 0.637695 0.637695
100 0.922879 0.922879 0.922879
EOD
$p2s0 << EOD
100 31182 31182 31182
EOD
$p2s1 << EOD
100 6182.14 6182.14 6182.14
EOD
$p2s2 << EOD
100 10887.1 10887.1 10887.1
EOD
$p2s3 << EOD
100 11425.5 11425.5 11425.5
EOD
$p2s4 << EOD
100 9069.16 9069.16 9069.16
EOD
$p2s5 << EOD
100 6210.45 6210.45 6210.45
EOD
$p2s6 << EOD
100 4727.68 4727.68 4727.68
EOD
$p3s0 << EOD
100 3.23072 3.23072 3.23072
EOD
$p3s1 << EOD
100 2.29478 2.29478 2.29478
EOD
$p3s2 << EOD
100 10.4817 10.4817 10.4817
EOD
$p3s3 << EOD
100 9.45766 9.45766 9.45766
EOD
$p3s4 << EOD
100 3.24505 3.24505 3.24505
EOD
$p3s5 << EOD
100 11.7842 11.7842 11.7842
EOD
$p3s6 << EOD
100 36.1166 36.1166 36.1166
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
set yrange [32.2213:13730.3]
set xtics ("16" 16, "100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio (asyncpg)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 2 lw 2 ps 1.2 title "py-asyncio (psycopg2 in the loop)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 3 lw 2 ps 1.2 title "py-asyncio (psycopg2 in 4 threads)", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent (psycopg2 2.9.5 + psycogreen)", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads (psycopg2 2.9.5)", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted (twisted.enterprise.adbapi + psycopg2 2.9.5)", \
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
set yrange [0.0389437:42640.3]
set xtics ("16" 16, "100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio (asyncpg)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 2 lw 2 ps 1.2 title "py-asyncio (psycopg2 in the loop)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 3 lw 2 ps 1.2 title "py-asyncio (psycopg2 in 4 threads)", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent (psycopg2 2.9.5 + psycogreen)", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads (psycopg2 2.9.5)", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted (twisted.enterprise.adbapi + psycopg2 2.9.5)"
set title "GET /db: one quick query"
set xlabel "connections asking the database"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [62.5:160]
set yrange [1575.89:92969.9]
set xtics ("100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio (asyncpg)", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 2 lw 2 ps 1.2 title "py-asyncio (psycopg2 in the loop)", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 3 lw 2 ps 1.2 title "py-asyncio (psycopg2 in 4 threads)", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent (psycopg2 2.9.5 + psycogreen)", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads (psycopg2 2.9.5)", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted (twisted.enterprise.adbapi + psycopg2 2.9.5)"
set title "GET / beside the quick query"
set xlabel "connections asking the database"
set ylabel "GET / p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:160]
set yrange [0.764927:148.039]
set xtics ("100" 100)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (C, non-blocking libpq)", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio (asyncpg)", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 2 lw 2 ps 1.2 title "py-asyncio (psycopg2 in the loop)", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 3 lw 2 ps 1.2 title "py-asyncio (psycopg2 in 4 threads)", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent (psycopg2 2.9.5 + psycogreen)", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads (psycopg2 2.9.5)", \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted (twisted.enterprise.adbapi + psycopg2 2.9.5)"
unset multiplot
