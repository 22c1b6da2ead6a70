# Slow read (answers taken through a tiny window) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowread.gp > slow_slowread.svg
$p0s0 << EOD
100 91096.5 90126.9 92066.2
500 50817.4 19149.1 82485.7
3000 24869.3 0 49738.7
EOD
$p0s1 << EOD
100 62209.7 61670.4 62749
500 53852.5 47631.8 60073.2
3000 36341.1 25588 47094.1
EOD
$p0s2 << EOD
100 105402 80982 129823
500 27242.3 24973.1 29511.5
EOD
$p0s3 << EOD
100 133484 132609 134358
500 131560 131307 131814
3000 43435.9 28164.7 58707.2
EOD
$p0s4 << EOD
100 122790 121791 123790
500 101424 80764.9 122084
3000 52339.4 41496.4 63182.5
EOD
$p0s5 << EOD
100 108524 101523 115524
500 110461 88936.2 131985
3000 79523 79455.4 79590.7
EOD
$p0r0 << EOD
3000 0
EOD
$p0l << EOD
100 105402
100 133484
500 131560
100 122790
500 101424
100 108524
500 110461
3000 79523
EOD
$p1s0 << EOD
100 0.089663 0.089503 0.089823
500 0.132303 0.101215 0.163391
EOD
$p1s1 << EOD
100 0.105215 0.097823 0.112607
500 0.130447 0.113503 0.147391
3000 0.166447 0.129439 0.203455
EOD
$p1s2 << EOD
100 0.083351 0.058831 0.107871
500 0.209535 0.173887 0.245183
EOD
$p1s3 << EOD
100 0.057231 0.053103 0.061359
500 0.048303 0.047023 0.049583
3000 0.090815 0.078303 0.103327
EOD
$p1s4 << EOD
100 0.082015 0.076959 0.087071
500 0.091135 0.077983 0.104287
3000 0.089407 0.069151 0.109663
EOD
$p1s5 << EOD
100 0.087263 0.079327 0.095199
500 0.071495 0.056303 0.086687
3000 0.073343 0.070047 0.076639
EOD
$p1r0 << EOD
3000 0
EOD
$p2s0 << EOD
100 10.6767 10.5075 10.8459
500 30.3313 10.9003 49.7622
3000 17.1714 17.1714 17.1714
EOD
$p2s1 << EOD
100 15.5964 15.5897 15.6031
500 17.9827 16.0558 19.9096
3000 28.6282 20.4802 36.7762
EOD
$p2s2 << EOD
100 9.43613 7.53045 11.3418
500 36.2065 33.2917 39.1213
EOD
$p2s3 << EOD
100 7.1858 7.16323 7.20837
500 7.33122 7.32599 7.33646
3000 15.1698 14.6251 15.7145
EOD
$p2s4 << EOD
100 7.72261 7.69893 7.7463
500 9.68431 7.82722 11.5414
3000 15.5009 14.8233 16.1785
EOD
$p2s5 << EOD
100 8.05838 7.62333 8.49344
500 9.03837 7.26924 10.8075
3000 11.8737 11.8082 11.9392
EOD
$p2r0 << EOD
3000 0
EOD
$p3s0 << EOD
100 5 5 5
500 505.5 505 506
3000 2822.5 2640 3005
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
500 19.1484 19.125 19.1719
3000 97.4492 91.1016 103.797
EOD
$p4s1 << EOD
100 2.27148 2.26953 2.27344
500 7.70898 7.70312 7.71484
3000 31.043 30.4414 31.6445
EOD
$p4s2 << EOD
100 1.90625 1.87109 1.94141
500 6.57617 6.44922 6.70312
EOD
$p4s3 << EOD
100 1.88281 1.87891 1.88672
500 6.76953 6.68359 6.85547
3000 29.752 29.6328 29.8711
EOD
$p4s4 << EOD
100 2.23047 2.19141 2.26953
500 7.29883 7.16016 7.4375
3000 32.1387 31.4609 32.8164
EOD
$p4s5 << EOD
100 2.06836 2.05859 2.07812
500 6.77148 6.69531 6.84766
3000 31.3496 31.2461 31.4531
EOD
$p4r0 << EOD
3000 0.935547
EOD
$p5s0 << EOD
100 0 0 0
500 1600.65 1487.3 1714
3000 2198.01 2144 2252
EOD
$p5s1 << EOD
100 0 0 0
500 1721.13 1718.27 1724
3000 2251.99 2251.99 2252
EOD
$p5s2 << EOD
100 0 0 0
500 1723 1721 1725
EOD
$p5s3 << EOD
100 0 0 0
500 1721 1721 1721
3000 2252.79 2252.3 2253.27
EOD
$p5s4 << EOD
100 0 0 0
500 1725 1725 1725
3000 2253 2253 2253
EOD
$p5s5 << EOD
100 0 0 0
500 1723.15 1721 1725.31
3000 2252.62 2252.27 2252.96
EOD
$p5r0 << EOD
3000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "Slow read (answers taken through a tiny window) against each model" font ',13'
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
set yrange [0:0.269701]
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
set yrange [0:54.7384]
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
set yrange [0.623698:311.391]
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
set yrange [0:2478.6]
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
