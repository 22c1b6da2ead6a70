# Async Python is not faster? Sync workers against async ones on PostgreSQL, open loop at fractions of each server's capacity (probe: the closed-loop capacity)
# Redraw: gnuplot -e "set terminal svg" pydriver_deployed.gp > pydriver_deployed.svg
$p0s0 << EOD
0.5 2.99315 2.99315 2.99315
0.9 3.18976 3.18976 3.18976
EOD
$p0s1 << EOD
0.5 2.91328 2.91328 2.91328
0.9 3.35565 3.35565 3.35565
EOD
$p0s2 << EOD
0.5 45.6622 45.6622 45.6622
0.9 27.7955 27.7955 27.7955
EOD
$p0s3 << EOD
0.5 3.21434 3.21434 3.21434
0.9 13.7748 13.7748 13.7748
EOD
$p0s4 << EOD
0.5 186.188 186.188 186.188
0.9 276.169 276.169 276.169
EOD
$p1s0 << EOD
0.5 1838.91 1838.91 1838.91
0.9 3310.83 3310.83 3310.83
EOD
$p1s1 << EOD
0.5 1057.94 1057.94 1057.94
0.9 1906.86 1906.86 1906.86
EOD
$p1s2 << EOD
0.5 1452.95 1452.95 1452.95
0.9 2594.94 2594.94 2594.94
EOD
$p1s3 << EOD
0.5 1517.96 1517.96 1517.96
0.9 2732.9 2732.9 2732.9
EOD
$p1s4 << EOD
0.5 1695.92 1695.92 1695.92
0.9 3036.92 3036.92 3036.92
EOD
$p1s5 << EOD
1.2 3679.83 3679.83 3679.83
EOD
$p1s6 << EOD
1.2 2117.95 2117.95 2117.95
EOD
$p1s7 << EOD
1.2 2886.11 2886.11 2886.11
EOD
$p1s8 << EOD
1.2 3036.88 3036.88 3036.88
EOD
$p1s9 << EOD
1.2 3052.94 3052.94 3052.94
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Async Python is not faster? Sync workers against async ones on PostgreSQL, open loop at fractions of each server's capacity (probe: the closed-loop capacity)" font ',13'
set title "p99 latency on GET /db, open loop"
set xlabel "offered load / the server's capacity"
set ylabel "p99 latency (ms, from the intended send time, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.48:0.92]
set yrange [0.971093:1240.17]
set xtics ("0.5x" 0.5, "0.9x" 0.9)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#cc6600" pt 11 dt 1 lw 2 ps 1.2 title "aiohttp (async)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#8a6a3a" pt 10 dt 1 lw 2 ps 1.2 title "gunicorn-gevent (async, flask 2.2.2)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#5f5f00" pt 4 dt 1 lw 2 ps 1.2 title "gunicorn-sync (sync, falcon 3.1.1)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#ffcc00" pt 13 dt 1 lw 2 ps 1.2 title "uvicorn (async, starlette 0.26.1)", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9e9a00" pt 5 dt 1 lw 2 ps 1.2 title "uwsgi (sync, flask 2.2.2)"
set title "throughput on GET /db"
set xlabel "offered load / the server's capacity"
set ylabel "throughput (requests/s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [0.465:1.235]
set yrange [0:4658.01]
set xtics ("0.5x" 0.5, "0.9x" 0.9, "probe" 1.2)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#cc6600" pt 11 dt 1 lw 2 ps 1.2 title "aiohttp (async)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#8a6a3a" pt 10 dt 1 lw 2 ps 1.2 title "gunicorn-gevent (async, flask 2.2.2)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#5f5f00" pt 4 dt 1 lw 2 ps 1.2 title "gunicorn-sync (sync, falcon 3.1.1)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ffcc00" pt 13 dt 1 lw 2 ps 1.2 title "uvicorn (async, starlette 0.26.1)", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9e9a00" pt 5 dt 1 lw 2 ps 1.2 title "uwsgi (sync, flask 2.2.2)", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#cc6600" pt 11 dt 4 lw 2 ps 1.2 notitle, \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8a6a3a" pt 10 dt 4 lw 2 ps 1.2 notitle, \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#5f5f00" pt 4 dt 4 lw 2 ps 1.2 notitle, \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#ffcc00" pt 13 dt 4 lw 2 ps 1.2 notitle, \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9e9a00" pt 5 dt 4 lw 2 ps 1.2 notitle
unset multiplot
