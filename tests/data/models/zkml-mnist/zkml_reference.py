"""Independent transcription of zkml's MNIST layers (Conv2D, AveragePool2D, Mul, Add) in plain Python.

Written from zkml's source (github.com/ddkang/zkml, src/layers and src/gadgets) to derive the expected integer
outputs used by tests/ZkmlGpu.Zkml.Tests/ZkmlMnistTests.cs. No dependencies: it carries its own msgpack decoder.
Run: python3 zkml_reference.py   (prints the 10 output integers of tensor 37 and the predicted digit)
Rounding: zkml divides with (2a + b) // 2b, i.e. round half up; the conv bias is added after the division;
Conv2D activation 3 clamps to [0, 6 * global_sf].
"""
import os, struct
HERE = os.path.dirname(os.path.abspath(__file__))
def dec(b,i=0):
    t=b[i]
    if t<=0x7f: return t,i+1
    if t>=0xe0: return t-256,i+1
    if 0x80<=t<=0x8f: return dmap(b,i+1,t&0xf)
    if 0x90<=t<=0x9f: return darr(b,i+1,t&0xf)
    if 0xa0<=t<=0xbf: n=t&0x1f; return b[i+1:i+1+n].decode(),i+1+n
    if t==0xc0: return None,i+1
    if t==0xc2: return False,i+1
    if t==0xc3: return True,i+1
    if t==0xca: return struct.unpack('>f',b[i+1:i+5])[0],i+5
    if t==0xcb: return struct.unpack('>d',b[i+1:i+9])[0],i+9
    fm={0xcc:'>B',0xcd:'>H',0xce:'>I',0xcf:'>Q',0xd0:'>b',0xd1:'>h',0xd2:'>i',0xd3:'>q'}
    if t in fm:
        s=struct.calcsize(fm[t]); return struct.unpack(fm[t],b[i+1:i+1+s])[0],i+1+s
    if t==0xd9: n=b[i+1]; return b[i+2:i+2+n].decode(),i+2+n
    if t==0xda: n=struct.unpack('>H',b[i+1:i+3])[0]; return b[i+3:i+3+n].decode(),i+3+n
    if t==0xdc: n=struct.unpack('>H',b[i+1:i+3])[0]; return darr(b,i+3,n)
    if t==0xdd: n=struct.unpack('>I',b[i+1:i+5])[0]; return darr(b,i+5,n)
    if t==0xde: n=struct.unpack('>H',b[i+1:i+3])[0]; return dmap(b,i+3,n)
    raise Exception(hex(t))
def darr(b,i,n):
    r=[]
    for _ in range(n):
        v,i=dec(b,i); r.append(v)
    return r,i
def dmap(b,i,n):
    r={}
    for _ in range(n):
        k,i=dec(b,i); v,i=dec(b,i); r[k]=v
    return r,i
def load(p):
    b=open(p,'rb').read(); v,i=dec(b); assert i==len(b),(i,len(b)); return v
m=load(HERE + '/model.msgpack')
inp=load(HERE + '/inp.msgpack')
sf=m['global_sf']; k=m['k']
T={t['idx']:(t['shape'],t['data']) for t in m['tensors']}
for t in inp: T[t['idx']]=(t['shape'],t['data'])
def rdiv(x,b): # round half up
    return (2*x+b)//(2*b)
def idx4(s,a,b,c,d): return ((a*s[1]+b)*s[2]+c)*s[3]+d
mx=0
for L in m['layers']:
    ty=L['layer_type']; p=L['params']
    ins=[T[i] for i in L['inp_idxes']]
    if ty=='Conv2D':
        (s,x),(ws,w),(bs,b)=ins
        H,W,C=s[1],s[2],s[3]; OC,KH,KW,IC=ws
        OH,OW=H-KH+1,W-KW+1
        out=[]
        for i in range(OH):
            for j in range(OW):
                for o in range(OC):
                    acc=0
                    for a in range(KH):
                        for bb in range(KW):
                            for c in range(IC):
                                acc+=x[idx4(s,0,i+a,j+bb,c)]*w[idx4(ws,o,a,bb,c)]
                    mx=max(mx,abs(acc))
                    v=rdiv(acc,sf)+b[o]
                    if p[2]==3: v=min(max(v,0),6*sf)
                    out.append(v)
        T[L['out_idxes'][0]]=([1,OH,OW,OC],out)
    elif ty=='AveragePool2D':
        (s,x),=ins; fx,fy,sx,sy=p
        OH=(s[1]-fx)//sx+1; OW=(s[2]-fy)//sy+1
        out=[]
        for i in range(OH):
            for j in range(OW):
                for c in range(s[3]):
                    acc=sum(x[idx4(s,0,i*sx+a,j*sy+bb,c)] for a in range(fx) for bb in range(fy))
                    out.append(rdiv(acc,fx*fy))
        T[L['out_idxes'][0]]=([1,OH,OW,s[3]],out)
    elif ty in('Mul','Add'):
        (s,x),(s2,y)=ins; C=s2[0]
        out=[(rdiv(x[n]*y[n%C],sf) if ty=='Mul' else x[n]+y[n%C]) for n in range(len(x))]
        T[L['out_idxes'][0]]=(s,out)
    o=T[L['out_idxes'][0]][1]

print('largest accumulator', mx)
out = T[37][1]
print(out)
print('digit', out.index(max(out)))
