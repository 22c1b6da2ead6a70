# Web servers today: the talk's Apache-against-nginx charts, GET / in a closed loop, our C models of the same kinds beside them
# Redraw: gnuplot -e "set terminal svg" webservers.gp > webservers.svg
$p0s0 << EOD
1 43486.7 43486.7 43486.7
10 82901.6 82901.6 82901.6
100 72790.6 72790.6 72790.6
1000 69004.6 69004.6 69004.6
3000 63389.9 63389.9 63389.9
EOD
$p0s1 << EOD
1 25332 25332 25332
10 67426.2 67426.2 67426.2
100 68449.2 68449.2 68449.2
1000 60988.6 60988.6 60988.6
3000 65989.8 65989.8 65989.8
EOD
$p0s2 << EOD
1 41443.7 41443.7 41443.7
10 140591 140591 140591
100 140047 140047 140047
1000 124881 124881 124881
3000 119457 119457 119457
EOD
$p0s3 << EOD
1 17190.9 17190.9 17190.9
10 17910.9 17910.9 17910.9
100 17492.9 17492.9 17492.9
1000 18827.9 18827.9 18827.9
3000 18572.9 18572.9 18572.9
EOD
$p0s4 << EOD
1 10819 10819 10819
10 11049.6 11049.6 11049.6
100 12838.9 12838.9 12838.9
1000 7197.86 7197.86 7197.86
3000 3695.93 3695.93 3695.93
EOD
$p0s5 << EOD
1 18126.7 18126.7 18126.7
10 18071.9 18071.9 18071.9
100 17865 17865 17865
1000 18934.9 18934.9 18934.9
3000 11826.7 11826.7 11826.7
EOD
$p0s6 << EOD
1 37976.4 37976.4 37976.4
10 100026 100026 100026
100 99300.7 99300.7 99300.7
1000 89387.9 89387.9 89387.9
3000 63131.6 63131.6 63131.6
EOD
$p0s7 << EOD
1 38339.7 38339.7 38339.7
10 112818 112818 112818
100 119188 119188 119188
1000 106362 106362 106362
3000 67028.2 67028.2 67028.2
EOD
$p0l << EOD
10 140591
100 140047
1000 124881
3000 119457
100 119188
3000 67028.2
EOD
$p1s0 << EOD
1 1.92969 1.92969 1.92969
10 2.49219 2.49219 2.49219
100 12.999 12.999 12.999
1000 17.8809 17.8809 17.8809
3000 27.2002 27.2002 27.2002
EOD
$p1s1 << EOD
1 2.39062 2.39062 2.39062
10 2.43359 2.43359 2.43359
100 3.22656 3.22656 3.22656
1000 10.957 10.957 10.957
3000 27.543 27.543 27.543
EOD
$p1s2 << EOD
1 2.05469 2.05469 2.05469
10 2.00391 2.00391 2.00391
100 2.75781 2.75781 2.75781
1000 10.3047 10.3047 10.3047
3000 26.9258 26.9258 26.9258
EOD
$p1s3 << EOD
1 353.895 353.895 353.895
10 356.681 356.681 356.681
100 367.168 367.168 367.168
1000 396.099 396.099 396.099
3000 439.487 439.487 439.487
EOD
$p1s4 << EOD
1 807.012 807.012 807.012
10 790.564 790.564 790.564
100 793.663 793.663 793.663
1000 821.499 821.499 821.499
3000 870.405 870.405 870.405
EOD
$p1s5 << EOD
1 351.698 351.698 351.698
10 352.533 352.533 352.533
100 355.84 355.84 355.84
1000 388.205 388.205 388.205
3000 406.661 406.661 406.661
EOD
$p1s6 << EOD
1 2.7168 2.7168 2.7168
10 2.40332 2.40332 2.40332
100 2.74902 2.74902 2.74902
1000 6.12402 6.12402 6.12402
3000 13.8008 13.8008 13.8008
EOD
$p1s7 << EOD
1 16.3672 16.3672 16.3672
10 15.9805 15.9805 15.9805
100 16.1309 16.1309 16.1309
1000 16.5049 16.5049 16.5049
3000 17.3848 17.3848 17.3848
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "Web servers today: the talk's Apache-against-nginx charts, GET / in a closed loop, our C models of the same kinds beside them" font ',13'
set title "requests per second"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [0.625:4800]
set yrange [1231.98:1.44971e+06]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "memory: PSS of the process tree + kernel stacks + page tables"
set xlabel "concurrent connections (log scale)"
set ylabel "server memory (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:4800]
set yrange [0.643229:19130.7]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx"
unset multiplot
