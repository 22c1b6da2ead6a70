# p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)
# Redraw: gnuplot -e "set terminal svg" latency.gp > latency.svg
$p0s0 << EOD
0.25 11.5508 10.6865 12.415
0.5 7.4834 6.82189 8.1449
0.75 17.0414 9.92461 24.1582
0.9 91.9389 61.9479 121.93
1.1 341.558 120.816 562.299
EOD
$p0s1 << EOD
0.0900026 0.338815 0.326527 0.351103
0.960426 0.486015 0.465791 0.506239
1 5.56851 5.42925 5.70777
0.619395 62.9637 60.4733 65.4541
0.399096 148.242 135.463 161.022
EOD
$p1s0 << EOD
0.25 12.6156 11.8579 13.3734
0.5 6.43277 5.71597 7.14957
0.75 9.1986 8.12851 10.2687
0.9 73.9861 24.7972 123.175
1.1 58.5543 12.6116 104.497
EOD
$p1s1 << EOD
0.0870044 0.340735 0.337791 0.343679
0.927724 0.369791 0.338303 0.401279
0.999999 3.54406 3.03411 4.05401
0.969817 15.4665 15.1757 15.7573
0.737252 174.129 162.857 185.401
EOD
$p2s0 << EOD
0.25 6.98726 3.95981 10.0147
0.5 6.84441 6.0887 7.60013
0.75 7.22432 4.82714 9.6215
0.9 43.4606 9.88365 77.0376
1.1 144.49 100.041 188.94
EOD
$p2s1 << EOD
0.0452811 0.349567 0.322687 0.376447
1 0.216191 0.205887 0.226495
0.970388 2.06259 1.8775 2.24768
0.848747 12.6772 11.5057 13.8486
EOD
$p3s0 << EOD
0.25 4.82765 4.15232 5.50298
0.5 6.84748 4.54041 9.15456
0.75 6.74611 5.38419 8.10803
0.9 48.4188 19.9967 76.841
1.1 170.68 48.4147 292.946
EOD
$p3s1 << EOD
0.0518633 0.313983 0.313471 0.314495
0.846004 0.274847 0.254399 0.295295
1 2.33779 2.26406 2.41152
0.98602 10.3956 9.88365 10.9076
0.542647 189.202 177.799 200.606
EOD
$p4s0 << EOD
0.25 4.22041 3.87993 4.5609
0.5 8.04352 7.22739 8.85965
0.75 7.11885 6.79731 7.44038
0.9 18.9829 8.9088 29.057
1.1 166.147 5.53165 326.762
EOD
$p4s1 << EOD
0.0546229 0.325887 0.302463 0.349311
1 0.262239 0.250687 0.273791
0.969945 2.45786 1.86317 3.05254
0.973242 11.948 11.5057 12.3904
0.570887 336.544 131.76 541.327
EOD
$p5s0 << EOD
0.25 10.1714 7.33798 13.0048
0.5 8.57598 6.54745 10.6045
0.75 60.1601 11.6941 108.626
0.9 333.71 317.85 349.569
1.1 517.8 335.938 699.662
EOD
$p5s1 << EOD
0.0389675 0.301055 0.296319 0.305791
1 0.191295 0.172863 0.209727
0.680944 2.42253 1.96454 2.88051
0.602836 14.5203 12.4314 16.6093
0.355327 188.023 187.761 188.285
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "p99 latency vs offered load: open loop (solid) and closed loop at the same throughput (dash-dot)" font ',13'
set title "thread-per-conn (capacity 97k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0395027:1.1505]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "open loop", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "thread-pool (capacity 97k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.0363547:1.15065]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "open loop", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "select (capacity 182k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.00745486:1.15274]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "open loop", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "epoll (capacity 170k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.000543541:1.15241]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "open loop", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "libuv (capacity 157k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [0.00235403:1.15227]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "open loop", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
set title "libev (capacity 225k req/s)"
set xlabel "offered load / capacity"
set ylabel "p99 latency (ms, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-0.0140842:1.15305]
set yrange [0.115242:2798.65]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "open loop", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 4 lw 2 ps 1.2 title "closed loop (x = throughput / capacity)"
unset multiplot
