# What idle connections cost the 8 active ones
# Redraw: gnuplot -e "set terminal svg" idle_active.gp > idle_active.svg
$p0s0 << EOD
1 104816 103206 106425
100 102314 100482 104146
1000 101488 98607.5 104368
10000 93220.5 87364.8 99076.1
EOD
$p0s1 << EOD
1 106532 104704 108361
100 103808 96477.7 111139
1000 106212 105488 106936
10000 91166.9 89390.7 92943.2
EOD
$p0s2 << EOD
1 109092 105629 112555
100 109594 106802 112386
1000 108894 105214 112575
10000 104150 100178 108123
EOD
$p0s3 << EOD
1 180915 160700 201130
100 120726 120594 120858
1000 27883.8 27172.4 28595.2
EOD
$p0s4 << EOD
1 194664 187681 201646
100 191822 185313 198332
1000 192406 184215 200596
10000 169572 161844 177300
EOD
$p0s5 << EOD
1 193828 187411 200246
100 198206 190772 205639
1000 181566 178873 184260
10000 166886 149919 183854
EOD
$p0s6 << EOD
1 199290 196007 202574
100 188394 181685 195104
1000 189452 186764 192141
10000 162827 158672 166982
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
1 8.60036 8.48267 8.71805
100 8.81074 8.7146 8.90687
1000 8.82794 8.7284 8.92749
10000 9.24241 8.7857 9.69912
EOD
$p1s1 << EOD
1 8.35046 8.15559 8.54533
100 8.50024 8.05674 8.94375
1000 8.56014 8.45541 8.66487
10000 9.33064 9.12944 9.53183
EOD
$p1s2 << EOD
1 8.38532 8.09582 8.67482
100 8.27815 8.09846 8.45785
1000 8.52064 8.13768 8.9036
10000 8.79277 8.5426 9.04294
EOD
$p1s3 << EOD
1 4.77607 4.34946 5.20267
100 7.24494 7.1598 7.33009
1000 34.0467 33.1446 34.9488
EOD
$p1s4 << EOD
1 4.54218 4.41391 4.67044
100 4.55039 4.37934 4.72145
1000 4.59525 4.41231 4.77818
10000 4.71772 4.51239 4.92304
EOD
$p1s5 << EOD
1 4.49183 4.43942 4.54424
100 4.40238 4.37002 4.43474
1000 4.94155 4.9383 4.9448
10000 5.05775 4.76219 5.35331
EOD
$p1s6 << EOD
1 4.45324 4.39848 4.50799
100 4.73869 4.66686 4.81053
1000 4.48968 4.47322 4.50615
10000 4.70007 4.67943 4.7207
EOD
$p1r0 << EOD
10000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "What idle connections cost the 8 active ones" font ',13'
set title "throughput of the 8 active connections"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:308178]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "server CPU per request"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "server CPU per request (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:52.3756]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot
