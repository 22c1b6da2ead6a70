# Web servers today: the talk's Apache-against-nginx charts, GET / in a closed loop, our C models of the same kinds beside them
# Redraw: gnuplot -e "set terminal svg" webservers.gp > webservers.svg
$p0s0 << EOD
1 15582.6 15582.6 15582.6
10 126756 126756 126756
100 97188.1 97188.1 97188.1
EOD
$p0s1 << EOD
1 15490.6 15490.6 15490.6
10 135168 135168 135168
100 153487 153487 153487
1000 129628 129628 129628
3000 109908 109908 109908
EOD
$p0s2 << EOD
1 15814.4 15814.4 15814.4
10 225772 225772 225772
100 263141 263141 263141
1000 256440 256440 256440
3000 189433 189433 189433
EOD
$p0s3 << EOD
1 14798.9 14798.9 14798.9
10 212068 212068 212068
100 264714 264714 264714
1000 226408 226408 226408
3000 182748 182748 182748
EOD
$p0s4 << EOD
1 12762.3 12762.3 12762.3
10 26865.4 26865.4 26865.4
100 28366.3 28366.3 28366.3
EOD
$p0s5 << EOD
1 12614.9 12614.9 12614.9
10 23164.6 23164.6 23164.6
100 21044.5 21044.5 21044.5
1000 20742.6 20742.6 20742.6
3000 23409.4 23409.4 23409.4
EOD
$p0s6 << EOD
1 12109.9 12109.9 12109.9
10 35522.2 35522.2 35522.2
100 36521.3 36521.3 36521.3
EOD
$p0s7 << EOD
1 10080.7 10080.7 10080.7
10 28135.1 28135.1 28135.1
100 23826.6 23826.6 23826.6
1000 15525.4 15525.4 15525.4
3000 13866 13866 13866
EOD
$p0s8 << EOD
1 12638 12638 12638
10 35611.8 35611.8 35611.8
100 34100.7 34100.7 34100.7
EOD
$p0s9 << EOD
1 11235.9 11235.9 11235.9
10 33378.6 33378.6 33378.6
100 28235.3 28235.3 28235.3
1000 19630.2 19630.2 19630.2
3000 17870.4 17870.4 17870.4
EOD
$p0s10 << EOD
1 14055.2 14055.2 14055.2
10 185796 185796 185796
100 204554 204554 204554
EOD
$p0s11 << EOD
1 14048 14048 14048
10 178327 178327 178327
100 214257 214257 214257
1000 182132 182132 182132
3000 149229 149229 149229
EOD
$p0s12 << EOD
1 14549.8 14549.8 14549.8
10 162240 162240 162240
100 232511 232511 232511
1000 190307 190307 190307
EOD
$p0s13 << EOD
1 15273.3 15273.3 15273.3
10 142508 142508 142508
100 232372 232372 232372
1000 195055 195055 195055
3000 170226 170226 170226
EOD
$p0r0 << EOD
1000 0
3000 0
EOD
$p0r1 << EOD
1000 0
3000 0
EOD
$p0r2 << EOD
1000 0
3000 0
EOD
$p0r3 << EOD
1000 0
3000 0
EOD
$p0r4 << EOD
3000 0
EOD
$p0l << EOD
10 225772
100 263141
1000 256440
10 212068
100 264714
3000 182748
EOD
$p1s0 << EOD
1 7.02344 7.02344 7.02344
10 7.72656 7.72656 7.72656
100 18.1699 18.1699 18.1699
EOD
$p1s1 << EOD
1 7.37891 7.37891 7.37891
10 7.46094 7.46094 7.46094
100 8.30078 8.30078 8.30078
1000 16.0508 16.0508 16.0508
3000 32.5293 32.5293 32.5293
EOD
$p1s2 << EOD
1 6.93359 6.93359 6.93359
10 7.10547 7.10547 7.10547
100 7.79688 7.79688 7.79688
1000 15.25 15.25 15.25
3000 32.0938 32.0938 32.0938
EOD
$p1s3 << EOD
1 6.99219 6.99219 6.99219
10 7.03906 7.03906 7.03906
100 7.85156 7.85156 7.85156
1000 15.2266 15.2266 15.2266
3000 31.9844 31.9844 31.9844
EOD
$p1s4 << EOD
1 6.94043 6.94043 6.94043
10 7.49805 7.49805 7.49805
100 12.3408 12.3408 12.3408
EOD
$p1s5 << EOD
1 107.93 107.93 107.93
10 109.644 109.644 109.644
100 123.805 123.805 123.805
1000 146.956 146.956 146.956
3000 210.756 210.756 210.756
EOD
$p1s6 << EOD
1 5.84766 5.84766 5.84766
10 6.04004 6.04004 6.04004
100 5.93555 5.93555 5.93555
EOD
$p1s7 << EOD
1 579.419 579.419 579.419
10 579.681 579.681 579.681
100 594.498 594.498 594.498
1000 614.909 614.909 614.909
3000 696.105 696.105 696.105
EOD
$p1s8 << EOD
1 6.88379 6.88379 6.88379
10 7.08887 7.08887 7.08887
100 10.8027 10.8027 10.8027
EOD
$p1s9 << EOD
1 106.938 106.938 106.938
10 107.422 107.422 107.422
100 111.337 111.337 111.337
1000 143.495 143.495 143.495
3000 211.143 211.143 211.143
EOD
$p1s10 << EOD
1 2.10156 2.10156 2.10156
10 2.12695 2.12695 2.12695
100 2.4707 2.4707 2.4707
EOD
$p1s11 << EOD
1 2.26074 2.26074 2.26074
10 2.25586 2.25586 2.25586
100 2.59473 2.59473 2.59473
1000 5.97266 5.97266 5.97266
3000 13.6104 13.6104 13.6104
EOD
$p1s12 << EOD
1 6.73242 6.73242 6.73242
10 6.77344 6.77344 6.77344
100 6.78809 6.78809 6.78809
1000 7.18066 7.18066 7.18066
EOD
$p1s13 << EOD
1 8.62012 8.62012 8.62012
10 8.57715 8.57715 8.57715
100 8.65527 8.65527 8.65527
1000 9.08496 9.08496 9.08496
3000 9.83691 9.83691 9.83691
EOD
$p1r0 << EOD
1000 1.05078
3000 1.05078
EOD
$p1r1 << EOD
1000 1.05078
3000 1.05078
EOD
$p1r2 << EOD
1000 1.05078
3000 1.05078
EOD
$p1r3 << EOD
1000 1.05078
3000 1.05078
EOD
$p1r4 << EOD
3000 1.05078
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
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:4800]
set yrange [0:661785]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model)", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core (our C model)", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event (Debian's settings)", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 2 lw 2 ps 1.2 title "apache-event (--sized: its pool made in advance)", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork (Debian's settings)", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 2 lw 2 ps 1.2 title "apache-prefork (--sized: its pool made in advance)", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker (Debian's settings)", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 2 lw 2 ps 1.2 title "apache-worker (--sized: its pool made in advance)", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd (Debian's settings)", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 2 lw 2 ps 1.2 title "lighttpd (--sized: its pool made in advance)", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx (Debian's settings)", \
     $p0s13 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 2 lw 2 ps 1.2 title "nginx (--sized: its pool made in advance)", \
     $p0r0 using 1:2 with points lc rgb "#26a69a" pt 2 ps 2.2 lw 2 title "apache-event: refused", \
     $p0r1 using 1:2 with points lc rgb "#00403a" pt 2 ps 2.2 lw 2 title "apache-prefork: refused", \
     $p0r2 using 1:2 with points lc rgb "#00756a" pt 2 ps 2.2 lw 2 title "apache-worker: refused", \
     $p0r3 using 1:2 with points lc rgb "#8fd3b6" pt 2 ps 2.2 lw 2 title "lighttpd: refused", \
     $p0r4 using 1:2 with points lc rgb "#009e73" pt 2 ps 2.2 lw 2 title "nginx: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "memory: PSS of the process tree + kernel stacks + page tables"
set xlabel "concurrent connections (log scale)"
set ylabel "server memory (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:4800]
set yrange [0.700521:2.1805e+07]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model)", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core (our C model)", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event (Debian's settings)", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 2 lw 2 ps 1.2 title "apache-event (--sized: its pool made in advance)", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork (Debian's settings)", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 2 lw 2 ps 1.2 title "apache-prefork (--sized: its pool made in advance)", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker (Debian's settings)", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 2 lw 2 ps 1.2 title "apache-worker (--sized: its pool made in advance)", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd (Debian's settings)", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 2 lw 2 ps 1.2 title "lighttpd (--sized: its pool made in advance)", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx (Debian's settings)", \
     $p1s13 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 2 lw 2 ps 1.2 title "nginx (--sized: its pool made in advance)", \
     $p1r0 using 1:2 with points lc rgb "#26a69a" pt 2 ps 2.2 lw 2 title "apache-event: refused", \
     $p1r1 using 1:2 with points lc rgb "#00403a" pt 2 ps 2.2 lw 2 title "apache-prefork: refused", \
     $p1r2 using 1:2 with points lc rgb "#00756a" pt 2 ps 2.2 lw 2 title "apache-worker: refused", \
     $p1r3 using 1:2 with points lc rgb "#8fd3b6" pt 2 ps 2.2 lw 2 title "lighttpd: refused", \
     $p1r4 using 1:2 with points lc rgb "#009e73" pt 2 ps 2.2 lw 2 title "nginx: refused"
unset multiplot
