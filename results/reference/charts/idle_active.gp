# What idle connections cost the 8 active ones
# Redraw: gnuplot -e "set terminal svg" idle_active.gp > idle_active.svg
$p0s0 << EOD
1 78406.2 71610.2 85202.3
100 60096.5 54365.6 65827.4
1000 72740.3 71976.2 73504.4
10000 49749.3 44465.7 55033
EOD
$p0s1 << EOD
1 78797.9 74191 83404.8
100 75435.3 69086.6 81784
1000 78127.4 75312.4 80942.3
10000 59717.8 59279 60156.6
EOD
$p0s2 << EOD
1 54212.3 46170.7 62253.9
100 55457.3 54726.5 56188.2
1000 42692.7 40977.4 44408
10000 45575.4 44894.7 46256.1
EOD
$p0s3 << EOD
1 119004 115880 122129
100 91863.5 91668.1 92058.9
1000 25707.8 23197.3 28218.2
EOD
$p0s4 << EOD
1 92730.6 81076.2 104385
100 120761 116161 125361
1000 111470 92259.4 130681
10000 96685.8 95116.1 98255.4
EOD
$p0s5 << EOD
1 103502 93098 113907
100 118987 113424 124550
1000 107707 84709.6 130705
10000 78548.7 63889.1 93208.3
EOD
$p0s6 << EOD
1 108995 94540.9 123450
100 105365 93094 117636
1000 103242 89949 116534
10000 97229.1 95984.5 98473.8
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
1 78797.9
1 119004
100 120761
1 103502
100 118987
1000 107707
1 108995
1000 103242
10000 97229.1
EOD
$p1s0 << EOD
1 12.2756 11.2712 13.28
100 15.6179 14.2486 16.9871
1000 12.2752 12.0282 12.5223
10000 16.6164 14.7239 18.5088
EOD
$p1s1 << EOD
1 12.045 11.4618 12.6283
100 12.2355 11.1942 13.2769
1000 11.8071 11.3951 12.2191
10000 13.6328 13.3725 13.893
EOD
$p1s2 << EOD
1 18.099 15.3431 20.855
100 17.0506 16.8705 17.2308
1000 19.2668 17.807 20.7266
10000 21.2109 20.8671 21.5547
EOD
$p1s3 << EOD
1 8.06292 7.83326 8.29258
100 9.77172 9.35254 10.1909
1000 37.2638 34.9643 39.5633
EOD
$p1s4 << EOD
1 9.18981 9.0245 9.35513
100 7.5198 7.27321 7.76638
1000 8.30712 7.09484 9.5194
10000 9.80199 9.71753 9.88646
EOD
$p1s5 << EOD
1 8.71035 7.91873 9.50198
100 7.57039 7.4839 7.65688
1000 8.68817 7.12704 10.2493
10000 12.5911 9.75767 15.4245
EOD
$p1s6 << EOD
1 8.67253 7.54219 9.80287
100 9.39448 8.29786 10.4911
1000 8.98578 8.23489 9.73668
10000 9.17248 8.55584 9.78913
EOD
$p1r0 << EOD
10000 0
EOD
$p1l << EOD
1 12.045
1 8.06292
100 7.5198
1 8.71035
100 7.57039
1000 8.68817
1 8.67253
1000 8.98578
10000 9.17248
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
set yrange [0:206426]
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
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "server CPU per request"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "server CPU per request (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:62.4833]
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
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p1l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot
