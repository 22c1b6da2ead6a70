# Slow body, R-U-DEAD-YET (request bodies trickled) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowbody.gp > slow_slowbody.svg
$p0s0 << EOD
100 91096.5 90126.9 92066.2
500 83688.6 82531.5 84845.8
3000 73917.4 72179.7 75655
EOD
$p0s1 << EOD
100 62209.7 61670.4 62749
500 52406.4 44230.1 60582.8
3000 46064.9 38239.8 53890.1
EOD
$p0s2 << EOD
100 105402 80982 129823
500 28096 27777.3 28414.8
EOD
$p0s3 << EOD
100 133484 132609 134358
500 128127 121974 134280
3000 116736 104031 129442
EOD
$p0s4 << EOD
100 122790 121791 123790
500 101344 84944.7 117743
3000 109903 104405 115401
EOD
$p0s5 << EOD
100 108524 101523 115524
500 102785 90069 115501
3000 123900 123828 123973
EOD
$p0r0 << EOD
3000 0
EOD
$p0l << EOD
100 105402
100 133484
500 128127
3000 116736
100 122790
100 108524
500 102785
EOD
$p1s0 << EOD
100 0.089663 0.089503 0.089823
500 0.092767 0.090527 0.095007
3000 0.107647 0.105567 0.109727
EOD
$p1s1 << EOD
100 0.105215 0.097823 0.112607
500 0.126959 0.099999 0.153919
3000 0.140655 0.116127 0.165183
EOD
$p1s2 << EOD
100 0.083351 0.058831 0.107871
500 0.193471 0.184127 0.202815
EOD
$p1s3 << EOD
100 0.057231 0.053103 0.061359
500 0.059703 0.045263 0.074143
3000 0.075079 0.059119 0.091039
EOD
$p1s4 << EOD
100 0.082015 0.076959 0.087071
500 0.088703 0.081375 0.096031
3000 0.083999 0.080287 0.087711
EOD
$p1s5 << EOD
100 0.087263 0.079327 0.095199
500 0.073095 0.061551 0.084639
3000 0.060991 0.058127 0.063855
EOD
$p1r0 << EOD
3000 0
EOD
$p2s0 << EOD
100 10.6767 10.5075 10.8459
500 10.8416 10.7721 10.9112
3000 11.926 11.4878 12.3642
EOD
$p2s1 << EOD
100 15.5964 15.5897 15.6031
500 18.8704 15.9314 21.8094
3000 21.0331 17.4088 24.6575
EOD
$p2s2 << EOD
100 9.43613 7.53045 11.3418
500 34.9563 34.4052 35.5074
EOD
$p2s3 << EOD
100 7.1858 7.16323 7.20837
500 7.406 7.14309 7.66891
3000 8.16585 7.44095 8.89075
EOD
$p2s4 << EOD
100 7.72261 7.69893 7.7463
500 9.60103 8.13886 11.0632
3000 8.16463 8.10034 8.22891
EOD
$p2s5 << EOD
100 8.05838 7.62333 8.49344
500 9.43477 8.35224 10.5173
3000 7.56044 7.55107 7.5698
EOD
$p2r0 << EOD
3000 0
EOD
$p3s0 << EOD
100 5 5 5
500 505 505 505
3000 3005 3005 3005
EOD
$p3s1 << EOD
100 17 17 17
500 17 17 17
3000 17 17 17
EOD
$p3s2 << EOD
100 1 1 1
500 1 1 1
EOD
$p3s3 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3s4 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3s5 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3r0 << EOD
3000 0.5
EOD
$p4s0 << EOD
100 2.14258 2.11328 2.17188
500 18.3965 18.3945 18.3984
3000 100.916 100.875 100.957
EOD
$p4s1 << EOD
100 2.27148 2.26953 2.27344
500 6.81836 6.78125 6.85547
3000 28.5371 28.4102 28.6641
EOD
$p4s2 << EOD
100 1.90625 1.87109 1.94141
500 6.37305 6.34766 6.39844
EOD
$p4s3 << EOD
100 1.88281 1.87891 1.88672
500 6.23828 6.21875 6.25781
3000 27.8281 27.7422 27.9141
EOD
$p4s4 << EOD
100 2.23047 2.19141 2.26953
500 6.83203 6.79688 6.86719
3000 30.002 29.8945 30.1094
EOD
$p4s5 << EOD
100 2.06836 2.05859 2.07812
500 6.52539 6.44922 6.60156
3000 28.5918 28.4961 28.6875
EOD
$p4r0 << EOD
3000 0.935547
EOD
$p5s0 << EOD
100 0 0 0
500 1 1 1
3000 -0.5 -1 0
EOD
$p5s1 << EOD
100 0 0 0
500 0.634766 0.269531 1
3000 0.5 0 1
EOD
$p5s2 << EOD
100 0 0 0
500 1 1 1
EOD
$p5s3 << EOD
100 0 0 0
500 1 1 1
3000 0 0 0
EOD
$p5s4 << EOD
100 0 0 0
500 0.650391 0.300781 1
3000 1.15039 1 1.30078
EOD
$p5s5 << EOD
100 0 0 0
500 0.650391 0.300781 1
3000 -0.5 -1 0
EOD
$p5r0 << EOD
3000 -1
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "Slow body, R-U-DEAD-YET (request bodies trickled) against each model" font ',13'
set title "legitimate GET / throughput (4 connections)"
set xlabel "attacking connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:233113]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "legitimate GET / p99 latency"
set xlabel "attacking connections"
set ylabel "p99 latency (ms)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:0.223097]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "server CPU per legitimate request"
set xlabel "attacking connections"
set ylabel "server CPU per GET / (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:39.0581]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p2r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server threads"
set xlabel "attacking connections"
set ylabel "threads (of every server process, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:4800]
set yrange [0.333333:9015]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p3r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server memory"
set xlabel "attacking connections"
set ylabel "RSS + threads' kernel stacks (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:4800]
set yrange [0.623698:302.871]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p4s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p4s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p4r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "TCP socket buffers (machine-wide, both ends)"
set xlabel "attacking connections"
set ylabel "kernel TCP memory growth (MiB)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [-1:1.43086]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p5s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p5r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
unset multiplot
