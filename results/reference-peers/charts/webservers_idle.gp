# Web servers: memory against idle connections held open beside 1 active (slope = memory per connection)
# Redraw: gnuplot -e "set terminal svg" webservers_idle.gp > webservers_idle.svg
$p0s0 << EOD
0 1.92969 1.92969 1.92969
1000 49.751 49.751 49.751
3000 88.9404 88.9404 88.9404
EOD
$p0s1 << EOD
0 2.39062 2.39062 2.39062
1000 10.8633 10.8633 10.8633
3000 27.6328 27.6328 27.6328
EOD
$p0s2 << EOD
0 2.05469 2.05469 2.05469
1000 10.2422 10.2422 10.2422
3000 26.8359 26.8359 26.8359
EOD
$p0s3 << EOD
0 353.895 353.895 353.895
1000 389.024 389.024 389.024
3000 453.312 453.312 453.312
EOD
$p0s4 << EOD
0 807.012 807.012 807.012
1000 824.725 824.725 824.725
3000 891.278 891.278 891.278
EOD
$p0s5 << EOD
0 351.698 351.698 351.698
1000 388.706 388.706 388.706
3000 459.089 459.089 459.089
EOD
$p0s6 << EOD
0 2.7168 2.7168 2.7168
1000 6.1377 6.1377 6.1377
3000 13.8086 13.8086 13.8086
EOD
$p0s7 << EOD
0 16.3672 16.3672 16.3672
1000 16.5518 16.5518 16.5518
3000 17.4238 17.4238 17.4238
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Web servers: memory against idle connections held open beside 1 active (slope = memory per connection)"
set xlabel "idle connections held open"
set ylabel "server memory (MiB, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-150:3150]
set yrange [0.643229:19789.5]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model): 29.7 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model): 8.6 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model): 8.5 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event: 33.9 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork: 28.8 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker: 36.7 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd: 3.8 KiB/conn", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx: 0.4 KiB/conn"
